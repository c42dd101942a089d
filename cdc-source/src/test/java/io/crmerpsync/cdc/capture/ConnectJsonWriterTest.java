package io.crmerpsync.cdc.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * The writer must give the bytes of Kafka's {@link JsonConverter} (schemas off, nulls kept), since
 * raw topics written before it and after it must read the same; and must leave to the converter
 * whatever it would refuse, so that the converter's own error is what callers see.
 */
class ConnectJsonWriterTest {
  private final ConnectJsonWriter writer = new ConnectJsonWriter();
  private final JsonConverter converter = new JsonConverter();
  private final ObjectMapper mapper = new ObjectMapper();

  ConnectJsonWriterTest() {
    converter.configure(
        Map.of("schemas.enable", "false", "replace.null.with.default", "false"), false);
  }

  /** A schema and one value of it. */
  record Sample(Schema schema, Object value) {
    @Override
    public String toString() {
      return schema + " = " + value;
    }
  }

  @Property(tries = 400)
  void shouldWriteTheConvertersBytesForAnyStruct(@ForAll("structs") Sample sample) {
    byte[] expected;
    try {
      expected = converter.fromConnectData("t", sample.schema(), sample.value());
    } catch (DataException refused) {
      // A required null, or text the JSON generator cannot encode (a lone surrogate).
      assertThatThrownBy(() -> writer.write(sample.schema(), sample.value()))
          .isInstanceOf(ConnectJsonWriter.NotWritten.class);
      return;
    }

    assertThat(writer.write(sample.schema(), sample.value())).isEqualTo(expected);
  }

  @Property(tries = 200)
  void shouldWriteThePositionAsTheSplicedMemberWouldBe(
      @ForAll("structs") Sample sample, @ForAll("positions") RawPosition position) {
    byte[] converted;
    try {
      converted = converter.fromConnectData("t", sample.schema(), sample.value());
    } catch (DataException refused) {
      return;
    }

    assertThat(writer.write(sample.schema(), sample.value(), position))
        .isEqualTo(RawRecordConverter.withPosition(mapper, converted, position));
  }

  @Test
  void shouldLeaveARequiredNullToTheConverterWhichRefusesIt() {
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("name", SchemaBuilder.string().defaultValue("n/a").build())
            .build();
    Struct value = new Struct(schema).put("id", 7);

    assertThatThrownBy(() -> writer.write(schema, value))
        .isInstanceOf(ConnectJsonWriter.NotWritten.class);
    assertThatThrownBy(() -> converter.fromConnectData("t", schema, value))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("null value for field that is required");
  }

  @Test
  void shouldLeaveMapsAndSchemalessValuesToTheConverter() {
    Schema map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
    Schema schema = SchemaBuilder.struct().field("counts", map).build();
    Struct value = new Struct(schema).put("counts", Map.of("a", 1));

    assertThatThrownBy(() -> writer.write(schema, value))
        .isInstanceOf(ConnectJsonWriter.NotWritten.class);
    assertThatThrownBy(() -> writer.write(null, Map.of("a", 1)))
        .isInstanceOf(ConnectJsonWriter.NotWritten.class);
  }

  @Test
  void shouldLeaveAValueOfTheWrongClassToTheConverter() {
    Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    Schema array = SchemaBuilder.array(schema).build();
    // Struct.put checks classes; a list is not checked element by element.
    List<Object> wrong = List.of("not a struct");

    assertThatThrownBy(() -> writer.write(array, wrong))
        .isInstanceOf(ConnectJsonWriter.NotWritten.class);
    assertThatThrownBy(() -> converter.fromConnectData("t", array, wrong))
        .isInstanceOf(DataException.class);
  }

  @Test
  void shouldBeReusableAfterAValueItLeftToTheConverter() {
    Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    assertThatThrownBy(() -> writer.write(schema, new Struct(schema)))
        .isInstanceOf(ConnectJsonWriter.NotWritten.class);

    assertThat(new String(writer.write(schema, new Struct(schema).put("id", 3))))
        .isEqualTo("{\"id\":3}");
  }

  @Provide
  Arbitrary<Sample> structs() {
    return structOf(fieldSchemas(true));
  }

  @Provide
  Arbitrary<RawPosition> positions() {
    Arbitrary<String> texts = Arbitraries.strings().ofMaxLength(20).injectNull(0.3);
    Arbitrary<Long> longs = Arbitraries.longs().injectNull(0.3);
    Arbitrary<RawPosition> binlog =
        Combinators.combine(
                Arbitraries.longs(),
                texts,
                texts,
                texts,
                Arbitraries.longs(),
                Arbitraries.longs(),
                Arbitraries.integers(),
                longs)
            .as(
                (serverId, gtid, gtids, file, pos, event, row, totalOrder) ->
                    new SourcePosition(
                        serverId, gtid, gtids, file, pos, event, row, totalOrder, pos % 2 == 0));
    Arbitrary<RawPosition> lsn =
        Combinators.combine(
                Arbitraries.longs(), Arbitraries.longs(), longs, longs, Arbitraries.of(true, false))
            .as(LsnPosition::new);
    return Arbitraries.oneOf(binlog, lsn);
  }

  private Arbitrary<Sample> structOf(Arbitrary<Schema> fields) {
    return fields
        .list()
        .ofMaxSize(7)
        .flatMap(
            schemas -> {
              SchemaBuilder builder = SchemaBuilder.struct().name("s" + schemas.size());
              for (int i = 0; i < schemas.size(); i++) {
                builder.field("f" + i + "\"\u00e9", schemas.get(i));
              }
              Schema schema = builder.build();
              return fieldValues(schema).map(values -> new Sample(schema, struct(schema, values)));
            });
  }

  private static Struct struct(Schema schema, List<Object> values) {
    Struct struct = new Struct(schema);
    for (Field field : schema.fields()) {
      Object value = values.get(field.index());
      if (value != null) {
        struct.put(field, value);
      }
    }
    return struct;
  }

  private Arbitrary<List<Object>> fieldValues(Schema schema) {
    List<Arbitrary<Object>> values = new ArrayList<>();
    for (Field field : schema.fields()) {
      values.add(valueOf(field.schema()));
    }
    if (values.isEmpty()) {
      return Arbitraries.just(List.of());
    }
    return Combinators.combine(values).as(list -> list);
  }

  private Arbitrary<Schema> fieldSchemas(boolean nested) {
    List<Arbitrary<Schema>> kinds = new ArrayList<>();
    for (SchemaBuilder builder :
        List.of(
            SchemaBuilder.int8(),
            SchemaBuilder.int16(),
            SchemaBuilder.int32(),
            SchemaBuilder.int64(),
            SchemaBuilder.float32(),
            SchemaBuilder.float64(),
            SchemaBuilder.bool(),
            SchemaBuilder.string(),
            SchemaBuilder.bytes(),
            Date.builder(),
            Time.builder(),
            Timestamp.builder(),
            Decimal.builder(2),
            SchemaBuilder.string().name("io.debezium.data.Enum"),
            SchemaBuilder.int64().name("io.debezium.time.Timestamp"))) {
      Schema optional = copy(builder).optional().build();
      Schema required = copy(builder).build();
      kinds.add(Arbitraries.of(optional, required));
    }
    kinds.add(Arbitraries.of(SchemaBuilder.string().defaultValue("d").optional().build()));
    kinds.add(Arbitraries.of(SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).optional().build()));
    if (nested) {
      kinds.add(structOf(fieldSchemas(false)).map(sample -> optionalCopy(sample.schema())));
    }
    return Arbitraries.oneOf(kinds);
  }

  private static SchemaBuilder copy(SchemaBuilder builder) {
    SchemaBuilder copy = new SchemaBuilder(builder.type());
    if (builder.name() != null) {
      copy.name(builder.name());
    }
    if (builder.parameters() != null) {
      copy.parameters(builder.parameters());
    }
    return copy;
  }

  private static Schema optionalCopy(Schema struct) {
    SchemaBuilder copy = SchemaBuilder.struct().name(struct.name()).optional();
    struct.fields().forEach(f -> copy.field(f.name(), f.schema()));
    return copy.build();
  }

  @SuppressWarnings("unchecked")
  private Arbitrary<Object> valueOf(Schema schema) {
    Arbitrary<?> value =
        switch (schema.type()) {
          case INT8 -> Arbitraries.bytes();
          case INT16 -> Arbitraries.shorts();
          case INT32 ->
              switch (String.valueOf(schema.name())) {
                case Date.LOGICAL_NAME ->
                    Arbitraries.integers()
                        .between(-40_000, 40_000)
                        .map(days -> new java.util.Date(days * 86_400_000L));
                case Time.LOGICAL_NAME ->
                    Arbitraries.integers()
                        .between(0, 86_399_999)
                        .map(millis -> new java.util.Date(millis));
                default -> Arbitraries.integers();
              };
          case INT64 ->
              Timestamp.LOGICAL_NAME.equals(schema.name())
                  ? Arbitraries.longs().map(java.util.Date::new)
                  : Arbitraries.longs();
          case FLOAT32 -> Arbitraries.floats();
          case FLOAT64 -> Arbitraries.doubles();
          case BOOLEAN -> Arbitraries.of(true, false);
          case STRING ->
              Arbitraries.oneOf(
                  Arbitraries.strings().ofMaxLength(30),
                  Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(30),
                  Arbitraries.of("Zürich \"Nord\"", "tab\there", "line\nbreak", "😀 emoji"));
          case BYTES ->
              Decimal.LOGICAL_NAME.equals(schema.name())
                  ? Arbitraries.bigIntegers()
                      .between(
                          new java.math.BigInteger("-1000000000000000000000"),
                          new java.math.BigInteger("1000000000000000000000"))
                      .map(unscaled -> new BigDecimal(unscaled, 2))
                  : Arbitraries.oneOf(
                      Arbitraries.bytes().array(byte[].class).ofMaxSize(20),
                      Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(ByteBuffer::wrap));
          case ARRAY -> valueOf(schema.valueSchema()).list().ofMaxSize(4);
          case STRUCT -> fieldValues(schema).map(values -> (Object) struct(schema, values));
          default -> throw new IllegalArgumentException("no values for " + schema.type());
        };
    Arbitrary<Object> values = (Arbitrary<Object>) value;
    return schema.isOptional() ? values.injectNull(0.2) : values;
  }
}
