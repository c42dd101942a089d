package io.crmerpsync.erp.sink.iface;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

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
   * {@code value} as an array element: null stays null (NULL in the array); an instant as UTC time
   * with offset {@code +00}; a decimal without exponent.
   */
  static String element(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Instant instant) {
      return timestamp(instant);
    }
    return value.toString();
  }

  /**
   * {@code 2026-03-01 10:15:30.123000+00}, written by hand: {@link Instant#toString} goes through a
   * {@code DateTimeFormatter} and was a noticeable part of the sink's own CPU time. Instants
   * outside years 1-9999 or finer than microseconds keep ISO 8601 (PostgreSQL reads it too, or
   * refuses the row, which the sink then isolates as usual).
   */
  static String timestamp(Instant instant) {
    LocalDateTime utc =
        LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    if (utc.getYear() < 1 || utc.getYear() > 9999 || instant.getNano() % 1000 != 0) {
      return instant.toString();
    }
    StringBuilder text = new StringBuilder(29);
    digits(text, utc.getYear(), 4).append('-');
    digits(text, utc.getMonthValue(), 2).append('-');
    digits(text, utc.getDayOfMonth(), 2).append(' ');
    digits(text, utc.getHour(), 2).append(':');
    digits(text, utc.getMinute(), 2).append(':');
    digits(text, utc.getSecond(), 2).append('.');
    digits(text, instant.getNano() / 1000, 6);
    return text.append("+00").toString();
  }

  private static StringBuilder digits(StringBuilder text, int value, int width) {
    String number = Integer.toString(value);
    for (int pad = number.length(); pad < width; pad++) {
      text.append('0');
    }
    return text.append(number);
  }
}
