package io.crmerpsync.streams.erpstatus;

import io.crmerpsync.streams.change.SourcePosition;
import java.util.Objects;

/**
 * The last report published for one interface row, kept so that a change repeating it (Debezium
 * re-sending after a restart, the importer touching a column of its own) publishes nothing. Stored
 * with {@code InternalSerde}; one entry per row the importer has reported on, removed when the row
 * is deleted.
 *
 * @param position the ERP log position of the change that carried the report, printed form
 */
public record LastReport(
    String position, long version, String status, String errorCode, String errorMessage) {

  static LastReport of(ImportStatusRow row, SourcePosition position) {
    return new LastReport(
        position.format(), row.version(), row.processStatus(), row.errorCode(), row.errorMessage());
  }

  /** True when {@code row} says what this report said, about the same version. */
  boolean saysTheSameAs(ImportStatusRow row) {
    return version == row.version()
        && status.equals(row.processStatus())
        && Objects.equals(errorCode, row.errorCode())
        && Objects.equals(errorMessage, row.errorMessage());
  }

  /** True when the change at {@code other} was already seen: at or before this report. */
  boolean isAtOrAfter(SourcePosition other) {
    return !other.isAfter(SourcePosition.parse(position));
  }

  LastReport at(SourcePosition newer) {
    return new LastReport(newer.format(), version, status, errorCode, errorMessage);
  }
}
