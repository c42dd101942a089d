package io.crmerpsync.deploy.reconcile;

import io.crmerpsync.streams.customer.CustomerMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * A 64-bit fingerprint of an ERP command's payload as its interface row holds it: the text, number,
 * decimal and timestamp columns the command carries (the ERP-owned ones it leaves out excluded),
 * and for an order its lines ({@link #withLines}). The same values give the same fingerprint on
 * both sides, whatever their Java types (a decimal 5.0 is 5.00, an int is a long; a timestamp is an
 * instant to the millisecond, read from the ERP as the sink's dialect wrote it), so a row whose
 * version equals the command's but whose fingerprint differs was changed behind the pipeline's
 * back.
 */
public final class PayloadFingerprint {
  /** The fingerprint of no payload: nothing to compare. */
  public static final long NONE = 0L;

  private PayloadFingerprint() {}

  /** The interface columns of {@code payload}'s fields that a fingerprint covers, in order. */
  public static List<String> columns(Schema payload) {
    List<String> columns = new ArrayList<>();
    for (Schema.Field field : payload.getFields()) {
      Schema type = field.schema();
      if (type.getType() == Schema.Type.UNION) {
        type =
            type.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(type);
      }
      boolean decimal =
          type.getType() == Schema.Type.BYTES
              && type.getLogicalType() instanceof LogicalTypes.Decimal;
      if (type.getType() == Schema.Type.STRING
          || type.getType() == Schema.Type.INT
          || decimal
          || isTimestamp(type)) {
        columns.add(CustomerMapper.columnOf(field.name()));
      }
    }
    return columns;
  }

  /** The columns of {@link #columns} that hold timestamps, which a JDBC row gives as instants. */
  public static Set<String> timestampColumns(Schema payload) {
    Set<String> columns = new java.util.HashSet<>();
    for (Schema.Field field : payload.getFields()) {
      if (isTimestamp(field.schema())) {
        columns.add(CustomerMapper.columnOf(field.name()));
      }
    }
    return columns;
  }

  private static boolean isTimestamp(Schema type) {
    return type.getType() == Schema.Type.LONG
        && type.getLogicalType() instanceof LogicalTypes.TimestampMillis;
  }

  /** The fingerprint of no lines, where an order's line fingerprints start. */
  public static final long NO_LINES = 0x2545_f491_4f6c_dd1dL;

  /**
   * {@code lines} (the fingerprint of the lines so far, {@link #NO_LINES} at first) with one more
   * line of fingerprint {@code line}; lines are added in line-number order on both sides.
   */
  public static long addLine(long lines, long line) {
    return (lines ^ line) * 1_099_511_628_211L + 0x9e37_79b9L;
  }

  /** An order header's fingerprint together with that of its lines. */
  public static long withLines(long header, long lines) {
    if (header == NONE) {
      return NONE;
    }
    long both = header * 31 + lines;
    return both == NONE ? 1 : both;
  }

  /**
   * The fingerprint of the values {@code value} gives for {@code columns}, leaving out {@code
   * omitted}.
   */
  public static long of(List<String> columns, Function<String, Object> value, Set<String> omitted) {
    long fingerprint = 1_125_899_906_842_597L;
    for (String column : columns) {
      if (omitted.contains(column)) {
        continue;
      }
      String text = normal(value.apply(column));
      fingerprint =
          fingerprint * 1_099_511_628_211L ^ (text == null ? 0x5bd1e995L : text.hashCode());
      fingerprint = fingerprint * 31 + column.hashCode();
    }
    return fingerprint == NONE ? 1 : fingerprint;
  }

  /** A value as the fingerprint sees it: decimals without trailing zeros, the rest as text. */
  static String normal(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof java.time.Instant instant) {
      return Long.toString(instant.toEpochMilli());
    }
    return value.toString();
  }
}
