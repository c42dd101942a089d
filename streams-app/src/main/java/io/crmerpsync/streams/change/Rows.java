package io.crmerpsync.streams.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Typed reads of columns from a raw row. Every failure is a {@link DecodeException} with reason
 * {@code invalid-row} naming the column and the value, so a bad row is dead-lettered with a message
 * an operator can act on.
 *
 * <p>Column encodings follow cdc-source's contract: DECIMAL as a string, DATETIME as epoch
 * milliseconds (a timestamp string is accepted too), ENUM as a string.
 */
public final class Rows {
  private Rows() {}

  public static String text(JsonNode row, String column) {
    JsonNode value = row.get(column);
    if (value == null || value.isNull()) {
      throw invalid(row, column, "is missing or null");
    }
    return value.asText();
  }

  public static String optionalText(JsonNode row, String column) {
    JsonNode value = row.get(column);
    return value == null || value.isNull() ? null : value.asText();
  }

  public static long longValue(JsonNode row, String column) {
    JsonNode value = row.get(column);
    if (value == null || !value.canConvertToLong()) {
      throw invalid(row, column, "is not an integer");
    }
    return value.asLong();
  }

  public static int intValue(JsonNode row, String column) {
    JsonNode value = row.get(column);
    if (value == null || !value.canConvertToInt()) {
      throw invalid(row, column, "is not a 32-bit integer");
    }
    return value.asInt();
  }

  /** A decimal column, rescaled to the canonical scale (a wider value is an error, not rounded). */
  public static BigDecimal decimal(JsonNode row, String column, int scale) {
    JsonNode value = row.get(column);
    if (value == null || value.isNull()) {
      throw invalid(row, column, "is missing or null");
    }
    try {
      return new BigDecimal(value.asText()).setScale(scale, RoundingMode.UNNECESSARY);
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(row, column, "is not a decimal with at most " + scale + " fraction digits");
    }
  }

  /** A DATETIME column as an instant (the CRM stores UTC). */
  public static Instant timestamp(JsonNode row, String column) {
    JsonNode value = row.get(column);
    if (value == null || value.isNull()) {
      throw invalid(row, column, "is missing or null");
    }
    if (value.canConvertToLong()) {
      return Instant.ofEpochMilli(value.asLong());
    }
    String text = value.asText();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw invalid(row, column, "is neither epoch milliseconds nor an ISO timestamp");
      }
    }
  }

  private static DecodeException invalid(JsonNode row, String column, String problem) {
    JsonNode value = row.get(column);
    return new DecodeException(
        "invalid-row",
        "column '"
            + column
            + "' "
            + problem
            + " (value: "
            + (value == null ? "absent" : value)
            + ")");
  }
}
