package io.crmerpsync.schemas;

/**
 * Header names on dead-letter records. Every component that dead-letters uses these, so an operator
 * reads one format whatever failed.
 */
public final class DeadLetterHeaders {
  /** Short machine-readable failure class, e.g. {@code undecodable-json}. */
  public static final String REASON = "sync.dlq.reason";

  /** Human-readable explanation naming the problem. */
  public static final String MESSAGE = "sync.dlq.message";

  /** Topic the failed record was read from. */
  public static final String TOPIC = "sync.dlq.topic";

  /** Partition the failed record was read from, as a decimal string. */
  public static final String PARTITION = "sync.dlq.partition";

  /** Offset of the failed record, as a decimal string. */
  public static final String OFFSET = "sync.dlq.offset";

  /** The component that gave up on the record, e.g. {@code streams-app}. */
  public static final String COMPONENT = "sync.dlq.component";

  private DeadLetterHeaders() {}
}
