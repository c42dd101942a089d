package io.crmerpsync.streams.transaction;

import java.util.Map;

/**
 * The END marker of a source transaction: how many changes it made, in total and per table ({@code
 * <database>.<table>}). Counts are taken by the source before any filtering, so a transaction is
 * complete when every one of its changes has been seen, whatever became of it.
 */
public record TransactionEnd(String id, long eventCount, Map<String, Long> countsByTable) {
  public TransactionEnd {
    countsByTable = Map.copyOf(countsByTable);
  }

  /** Changes the transaction made in {@code table} ({@code <database>.<table>}). */
  public long count(String table) {
    return countsByTable.getOrDefault(table, 0L);
  }
}
