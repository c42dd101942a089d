package io.crmerpsync.cdc.capture;

/**
 * The binlog position stored in the offsets is no longer on the CRM server (its binlog files or
 * GTIDs were purged), so changes between that position and now cannot be read. The source stops
 * instead of silently skipping them; the message names the runbook step.
 *
 * <p>Why {@code always} and not {@code when_needed}: measured with MariaDB 11.4, Debezium's check
 * of the stored GTID position passes although the binlog files holding it are gone (MariaDB keeps
 * the GTID state), so {@code when_needed} never re-snapshots and the server's error 1236 ends the
 * start again.
 */
public final class LostBinlogPositionException extends CdcSourceException {

  private static final long serialVersionUID = 1L;

  /** The runbook step an operator follows; part of the exception message. */
  public static final String RUNBOOK_STEP =
      "RUNBOOK 'CRM binlog position lost' -> re-snapshot: start the CDC source once with"
          + " cdc.snapshot.mode=always (it snapshots the captured tables again and then streams"
          + " from the binlog position of that snapshot), and once it streams set the mode back to"
          + " 'initial'. Downstream drops rows it already applied by position. Raise the CRM's"
          + " binlog_expire_logs_seconds above the longest expected CDC stop.";

  public LostBinlogPositionException(String engineName, Throwable cause) {
    super(
        "CDC source '"
            + engineName
            + "' stopped: the CRM binlog position it last captured is no longer available on the"
            + " server (binlog purged). "
            + RUNBOOK_STEP,
        cause);
  }
}
