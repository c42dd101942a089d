package io.crmerpsync.erp.sink.error;

/** What the sink does about a database error; decided by {@link SqlErrorClassifier}. */
public enum SqlErrorClass {
  /**
   * The database or the path to it failed for a while (connection lost, deadlock, serialization
   * failure, server shutting down, out of resources): roll back and let Connect re-deliver the
   * batch after the retry backoff. The task keeps running.
   */
  TRANSIENT,

  /**
   * The database refused one command's data (too long, bad number, constraint): roll back, find the
   * offending records by splitting the batch, dead-letter them and commit the rest.
   */
  REJECTED_ROW,

  /**
   * Anything that re-trying or skipping a record will not cure (missing table, no privilege,
   * authentication, unknown state): fail the task so an operator looks. Nothing is skipped.
   */
  FATAL
}
