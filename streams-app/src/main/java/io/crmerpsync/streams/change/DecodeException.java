package io.crmerpsync.streams.change;

/**
 * A raw change that cannot be understood. The reason is a short stable code for the dead-letter
 * header and metrics; the message names the problem for a person.
 */
public final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public DecodeException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DecodeException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Short, stable failure code, e.g. {@code undecodable-json}. */
  public String reason() {
    return reason;
  }
}
