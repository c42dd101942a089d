package io.crmerpsync.erp.sink.metrics;

/**
 * The task's counters over JMX, for a Connect cluster where the task object is out of reach.
 * Registered as {@code io.crmerpsync.erp.sink:type=ErpSinkTask,connector=<name>,task=<n>}.
 */
public interface ErpSinkMetricsMXBean {
  long getApplied();

  long getSkippedStale();

  long getRejected();

  long getTombstones();
}
