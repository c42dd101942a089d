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
 * A 64-bit fingerprint of an ERP command's payload as its interface row holds it: the text, number
 * and decimal columns the command carries (the ERP-owned ones it leaves out excluded; timestamps
 * and lines not included). The same values give the same fingerprint on both sides, whatever their
 * Java types (a decimal 5.0 is 5.00, an int is a long), so a row whose version equals the command's
 * but whose fingerprint differs was changed behind the pipeline's back.
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
      if (type.getType() == Schema.Type.STRING || type.getType() == Schema.Type.INT || decimal) {
        columns.add(CustomerMapper.columnOf(field.name()));
      }
    }
    return columns;
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
    return value.toString();
  }
}
