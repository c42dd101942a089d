package io.crmerpsync.cdc.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Writes Connect data as the bytes Kafka's {@link JsonConverter} writes with {@code
 * schemas.enable=false} and {@code replace.null.with.default=false}, streamed to a Jackson
 * generator instead of built as a tree first and then written (the converter's tree was more than
 * half of the capture thread's time in a profile at 2,000 changes/s).
 *
 * <p>Only what Debezium's envelopes hold is written here: structs, arrays and the primitive types,
 * with the four logical types the converter knows (Decimal in its default base64 form, Date, Time,
 * Timestamp). Anything else, a missing schema, maps, and every value the converter would refuse (a
 * required field left null, a value of the wrong class, a struct of another schema) are not
 * written: {@link #write} throws {@link NotWritten} and the caller hands that value to the {@link
 * JsonConverter} itself, which writes it or raises its own error. The same bytes either way are
 * checked by a property test against the converter.
 *
 * <p>Not thread-safe; one instance per converting thread.
 */
public final class ConnectJsonWriter {

  /** This writer does not write the value; the {@link JsonConverter} must. */
  public static final class NotWritten extends RuntimeException {
    NotWritten(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Writes members after the value's own, inside its object (the raw change's position). */
  @FunctionalInterface
  public interface Members {
    void writeTo(JsonGenerator json) throws IOException;
  }

  private final JsonFactory factory = new JsonFactory();
  private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

  /**
   * The value as JSON bytes.
   *
   * @throws NotWritten for what this writer leaves to the converter (see the class comment)
   */
  public byte[] write(Schema schema, Object value) {
    return write(schema, value, null);
  }

  /**
   * The value as JSON bytes with {@code extra} members written last into its object; the value must
   * then be a struct.
   */
  public byte[] write(Schema schema, Object value, Members extra) {
    if (schema == null) {
      throw new NotWritten("no schema");
    }
    if (extra != null && !(value instanceof Struct)) {
      throw new NotWritten("members can only be added to a struct");
    }
    buffer.reset();
    try (JsonGenerator json = factory.createGenerator(buffer)) {
      if (extra == null) {
        value(json, schema, value);
      } else {
        struct(json, schema, (Struct) value, extra);
      }
    } catch (IOException | ClassCastException | DataException e) {
      // Output into memory fails only on what the converter refuses too (a broken surrogate pair,
      // a value of another class, a decimal of another scale): it is left to it, for its error.
      throw new NotWritten("not written: " + e.getMessage());
    }
    return buffer.toByteArray();
  }

  private static void value(JsonGenerator json, Schema schema, Object value) throws IOException {
    if (value == null) {
      // The converter is configured not to write defaults for nulls: a required null is refused.
      if (!schema.isOptional()) {
        throw new NotWritten("null for a required value");
      }
      json.writeNull();
      return;
    }
    String logical = schema.name();
    if (logical != null && logicalValue(json, schema, logical, value)) {
      return;
    }
    switch (schema.type()) {
      case INT8 -> json.writeNumber((Byte) value);
      case INT16 -> json.writeNumber((Short) value);
      case INT32 -> json.writeNumber((Integer) value);
      case INT64 -> json.writeNumber((Long) value);
      case FLOAT32 -> json.writeNumber((Float) value);
      case FLOAT64 -> json.writeNumber((Double) value);
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case STRING -> json.writeString(((CharSequence) value).toString());
      case BYTES -> {
        if (value instanceof byte[] bytes) {
          json.writeBinary(bytes);
        } else if (value instanceof ByteBuffer bytes) {
          json.writeBinary(bytes.array());
        } else {
          throw new NotWritten("bytes of class " + value.getClass());
        }
      }
      case ARRAY -> {
        json.writeStartArray();
        for (Object element : (Collection<?>) value) {
          value(json, schema.valueSchema(), element);
        }
        json.writeEndArray();
      }
      case STRUCT -> struct(json, schema, (Struct) value, null);
      default -> throw new NotWritten("schema type " + schema.type());
    }
  }

  private static void struct(JsonGenerator json, Schema schema, Struct struct, Members extra)
      throws IOException {
    if (struct.schema() != schema && !struct.schema().equals(schema)) {
      throw new NotWritten("struct of another schema");
    }
    json.writeStartObject();
    for (Field field : schema.fields()) {
      Schema fieldSchema = field.schema();
      // Struct.get(Field) falls back to the field's default; the converter writes the value as set.
      Object fieldValue =
          fieldSchema.defaultValue() == null
              ? struct.get(field)
              : struct.getWithoutDefault(field.name());
      json.writeFieldName(field.name());
      value(json, fieldSchema, fieldValue);
    }
    if (extra != null) {
      extra.writeTo(json);
    }
    json.writeEndObject();
  }

  private static boolean logicalValue(
      JsonGenerator json, Schema schema, String logical, Object value) throws IOException {
    switch (logical) {
      case Decimal.LOGICAL_NAME -> {
        if (!(value instanceof BigDecimal decimal)) {
          throw new NotWritten("decimal of class " + value.getClass());
        }
        json.writeBinary(Decimal.fromLogical(schema, decimal));
        return true;
      }
      case Date.LOGICAL_NAME -> {
        json.writeNumber(Date.fromLogical(schema, date(value)));
        return true;
      }
      case Time.LOGICAL_NAME -> {
        json.writeNumber(Time.fromLogical(schema, date(value)));
        return true;
      }
      case Timestamp.LOGICAL_NAME -> {
        json.writeNumber(Timestamp.fromLogical(schema, date(value)));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static java.util.Date date(Object value) {
    if (value instanceof java.util.Date date) {
      return date;
    }
    throw new NotWritten("date of class " + value.getClass());
  }
}
