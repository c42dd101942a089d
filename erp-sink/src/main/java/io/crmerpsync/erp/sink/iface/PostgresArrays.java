package io.crmerpsync.erp.sink.iface;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;

/**
 * Values of the command model as elements of the PostgreSQL arrays that {@link MultiRowUpsert}
 * binds, in the text form PostgreSQL reads for the element type; the server converts each element
 * to the column's type exactly as it converts a single bound value, and refuses what the column
 * cannot hold in the same way (a too-long text, a number out of range).
 */
final class PostgresArrays {
  private PostgresArrays() {}

  /** The array element type for a column bound as {@code sqlType}. */
  static String elementType(int sqlType) {
    return switch (sqlType) {
      case Types.NUMERIC -> "numeric";
      case Types.INTEGER -> "int4";
      case Types.BIGINT -> "int8";
      case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamptz";
      default -> "text";
    };
  }

  /**
   * {@code value} as an array element: null stays null (NULL in the array); an instant in ISO 8601
   * with its {@code Z}, which PostgreSQL reads as UTC; a decimal without exponent.
   */
  static String element(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    return value.toString();
  }
}
