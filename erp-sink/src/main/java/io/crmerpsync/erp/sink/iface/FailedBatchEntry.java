package io.crmerpsync.erp.sink.iface;

import java.sql.BatchUpdateException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which entry of a failed JDBC batch the database refused, as far as the driver tells. Drivers
 * differ: MariaDB Connector/J runs the whole batch and marks each refused entry {@link
 * Statement#EXECUTE_FAILED}; a driver that stops at the failure returns the counts of the entries
 * before it (JDBC's other option); pgjdbc marks every entry failed (the transaction is aborted) and
 * names the entry in its message ("Batch entry 6 INSERT ... was aborted").
 *
 * <p>Limit: the pgjdbc message is parsed, so a translated message may yield no index or a wrong
 * one. That is harmless: the index only chooses where the sink splits a failing batch, and every
 * split leads to the same result; a wrong one only costs attempts.
 */
final class FailedBatchEntry {

  private static final Pattern PGJDBC_ENTRY = Pattern.compile("^Batch entry (\\d{1,9}) ");

  private FailedBatchEntry() {}

  /** The 0-based index of the refused entry in a batch of {@code size}, or -1 if unknown. */
  static int index(BatchUpdateException failure, int size) {
    int[] counts = failure.getUpdateCounts();
    if (counts != null) {
      int firstFailed = -1;
      boolean allFailed = counts.length > 0;
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == Statement.EXECUTE_FAILED) {
          firstFailed = firstFailed < 0 ? i : firstFailed;
        } else {
          allFailed = false;
        }
      }
      if (!allFailed && firstFailed >= 0) {
        return firstFailed;
      }
      if (firstFailed < 0 && counts.length < size) {
        return counts.length;
      }
    }
    String message = failure.getMessage();
    Matcher entry = PGJDBC_ENTRY.matcher(message == null ? "" : message);
    if (entry.find()) {
      int index = Integer.parseInt(entry.group(1));
      return index < size ? index : -1;
    }
    return -1;
  }
}
