package io.crmerpsync.bench.hotpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.crmerpsync.bench.topology.RawChangeGenerator;
import io.crmerpsync.cdc.capture.ConnectJsonWriter;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.change.RawChangeDecoder;
import io.crmerpsync.streams.change.SourcePosition;
import io.crmerpsync.streams.conflict.ConflictResolver;
import io.crmerpsync.streams.conflict.EntityRules;
import io.crmerpsync.streams.conflict.FieldValue;
import io.crmerpsync.streams.conflict.Policy;
import io.crmerpsync.streams.customer.GoldenCustomer;
import io.crmerpsync.streams.topology.InternalSerde;
import io.crmerpsync.streams.topology.RawTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH microbenchmarks of the per-change hot paths of the streams application: what every change
 * pays in the version gate (position compare, parse of the stored position), in decoding the raw
 * change, in the internal serde of the golden record, and in settling one customer change by the
 * field policies; and in cdc-source, writing one Debezium envelope as raw change JSON, beside
 * Kafka's JsonConverter that it replaced. Run by {@link HotPathBench}; the figures go into
 * docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class HotPathBenchmarks {

  private SourcePosition older;
  private SourcePosition newer;
  private String storedPosition;
  private byte[] rawKey;
  private byte[] rawValue;
  private final RawChangeDecoder decoder = new RawChangeDecoder();
  private final InternalSerde<GoldenCustomer> goldenSerde =
      new InternalSerde<>(GoldenCustomer.class);
  private GoldenCustomer golden;
  private byte[] goldenBytes;
  private EntityRules rules;
  private Map<String, FieldValue> fields;
  private Map<String, JsonNode> erpEdit;
  private final ConnectJsonWriter envelopeWriter = new ConnectJsonWriter();
  private final JsonConverter envelopeConverter = new JsonConverter();
  private Struct envelope;

  @Setup
  public void prepare() {
    older = SourcePosition.of("mysql-bin.000003", 81_234, false, 2, 0, "0-1-4711");
    newer = SourcePosition.of("mysql-bin.000003", 81_234, false, 3, 0, "0-1-4711");
    storedPosition = newer.format();
    List<RawChangeGenerator.RawRecord> records = new ArrayList<>();
    new RawChangeGenerator(RawTopics.of("crm", "sales"), 7)
        .generateCustomerInserts(1, 1, records::add);
    RawChangeGenerator.RawRecord customer =
        records.stream()
            .filter(r -> r.topic().endsWith(".customers"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the generator made no customer change"));
    rawKey = customer.key();
    rawValue = customer.value();
    RawChange change = decoder.decode(rawKey, rawValue);
    fields = new TreeMap<>();
    change
        .row()
        .fields()
        .forEachRemaining(
            e -> fields.put(e.getKey(), new FieldValue(e.getValue(), "crm", 1_000L, null)));
    golden = new GoldenCustomer(fields, 7, false, storedPosition, 1_000L, false);
    goldenBytes = goldenSerde.serializer().serialize("bench", golden);
    rules =
        new EntityRules(
            "customer",
            Map.of(
                "credit_limit", new Policy.Owner("erp"),
                "phone", new Policy.NewestWins()),
            new Policy.Owner("crm"),
            List.of("crm", "erp"));
    envelopeConverter.configure(
        Map.of("schemas.enable", "false", "replace.null.with.default", "false"), false);
    envelope = CaptureEnvelopes.customerUpdate();
    erpEdit =
        Map.of(
            "credit_limit", JsonNodeFactory.instance.textNode("7500.00"),
            "phone", JsonNodeFactory.instance.textNode("+44 20 7946 0000"));
  }

  @Benchmark
  public int sourcePositionCompare() {
    return newer.compareTo(older);
  }

  @Benchmark
  public SourcePosition sourcePositionParse() {
    return SourcePosition.parse(storedPosition);
  }

  @Benchmark
  public RawChange rawChangeDecode() {
    return decoder.decode(rawKey, rawValue);
  }

  @Benchmark
  public byte[] goldenRecordWrite() {
    return goldenSerde.serializer().serialize("bench", golden);
  }

  @Benchmark
  public GoldenCustomer goldenRecordRead() {
    return goldenSerde.deserializer().deserialize("bench", goldenBytes);
  }

  /** cdc-source's writing of one Debezium envelope as raw change JSON, streamed. */
  @Benchmark
  public byte[] captureEnvelopeWrite() {
    return envelopeWriter.write(envelope.schema(), envelope);
  }

  /** The same envelope through Kafka's JsonConverter (a tree, then written): what it replaced. */
  @Benchmark
  public byte[] captureEnvelopeWriteJsonConverter() {
    return envelopeConverter.fromConnectData("crm.sales.customers", envelope.schema(), envelope);
  }

  @Benchmark
  public ConflictResolver.Resolution conflictResolutionOfOneRecord() {
    return ConflictResolver.resolve(rules, fields, "erp", 2_000L, erpEdit);
  }
}
