package io.crmerpsync.streams.topology;

/**
 * How records that change their key on the way (a customer row to its customer, an order change to
 * its source transaction, a transaction's parts to their orders) reach the processor of the new
 * key.
 *
 * <p>With several partitions the new key may live in another task, so the record must go through a
 * re-keyed internal topic ({@link #THROUGH_KAFKA}). When every topic the topology reads has a
 * single partition, one task holds every key, and the record can be handed to the next processor in
 * the same task ({@link #IN_TASK}): the same processors and stores in the same order, without
 * writing the record to an internal topic and reading it back after a commit (the internal topics
 * are still read, for what an earlier run routed through Kafka and left there). Under
 * exactly_once_v2 every internal hop costs a commit before the next processor sees the record, so
 * the in-task routing also saves latency. See
 * docs/decisions/0016-in-task-routing-on-one-partition.md.
 */
public enum Routing {
  /** Re-keyed records go through the internal topics: any partition count. */
  THROUGH_KAFKA,
  /**
   * Re-keyed records are forwarded inside the one task: only when every input has one partition.
   */
  IN_TASK
}
