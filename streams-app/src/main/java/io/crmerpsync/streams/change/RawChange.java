package io.crmerpsync.streams.change;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One decoded row change from a raw change topic.
 *
 * @param key the row's primary key as written by the capture side, e.g. {@code {"id":42}}
 * @param operation what happened to the row
 * @param row the row after the change, or the row before it for a delete; never null
 * @param position where the change sits in the source's binlog
 * @param commitTimeMs the source's commit time (one-second resolution in a binlog)
 * @param transactionId the source transaction (the GTID on MariaDB), null for snapshot rows
 * @param before the row before an update, null for other operations or when the source did not send
 *     it
 */
public record RawChange(
    String key,
    Operation operation,
    JsonNode row,
    SourcePosition position,
    long commitTimeMs,
    String transactionId,
    JsonNode before) {

  /** True for a delete: {@link #row} then holds the last state before the delete. */
  public boolean isDelete() {
    return operation == Operation.DELETE;
  }

  /** A required column as a long, or a decode failure that names the column. */
  public long longColumn(String column) {
    JsonNode value = row.get(column);
    if (value == null || !value.canConvertToLong()) {
      throw new DecodeException(
          "invalid-row", "column '" + column + "' is missing or not an integer in " + row);
    }
    return value.asLong();
  }
}
