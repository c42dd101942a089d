package io.crmerpsync.bench.topology;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.stack.BenchStack;
import io.crmerpsync.bench.stack.Directories;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.streams.app.StreamsAppConfig;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.RawTopics;
import io.crmerpsync.streams.topology.SyncTopology;
import io.crmerpsync.streams.topology.TopologyNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Topology throughput: the real {@link SyncTopology} (RocksDB stores, Avro through the project's
 * registry, exactly_once_v2) against {@link PassThroughTopology} (decode and forward only) on the
 * same raw records pre-loaded into a real KRaft broker. Runs alternate real, pass-through, real,
 * ... after one unmeasured warm-up pair; each run is a new application id (so it reads the input
 * from the start) with an empty state directory.
 *
 * <p>A run's time goes from the moment Kafka Streams reports RUNNING to the moment its stream
 * thread has processed every input record (thread metric {@code process-total}); for the real
 * topology that includes the order parts it re-reads from its internal topic. The last transaction
 * commit (at most one commit interval) and shutdown are outside the timing. records/s counts raw
 * input records on both sides.
 */
public final class TopologyBench {
  public static final String SECTION = "Topology";
  static final String REAL = "real topology (SyncTopology: RocksDB stores, Avro, EOS v2)";
  static final String PASS = "pass-through (decode JSON + forward bytes)";
  private static final long SEED = 20_260_501L;

  private final BenchStack stack;
  private final PrintStream out;

  public TopologyBench(BenchStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
  }

  /** What one invocation measures. */
  public record Plan(long records, int runs, int warmupPairs) {
    public Plan {
      if (records < 10 || runs < 1 || warmupPairs < 0) {
        throw new IllegalArgumentException(
            "topology plan needs records >= 10 and runs >= 1, was " + records + ", " + runs);
      }
    }
  }

  /** One measured run. */
  public record Run(String kind, long records, double seconds, double recordsPerSecond) {}

  public void measure(Plan plan, BenchResults results) throws Exception {
    String bootstrap = stack.kafka().bootstrapServers();
    String registryUrl = stack.registry().baseUri().toString();
    StreamsAppConfig app =
        new StreamsAppConfig(
            Map.of(
                StreamsAppConfig.BOOTSTRAP_SERVERS,
                bootstrap,
                StreamsAppConfig.SCHEMA_REGISTRY_URL,
                registryUrl));
    createTopics(app.rawTopics());
    out.printf("topology: loading %,d raw change records ...%n", plan.records());
    RawChangeGenerator.Counts counts = load(app, plan.records());

    List<Double> real = new ArrayList<>();
    List<Double> pass = new ArrayList<>();
    int total = plan.warmupPairs() + plan.runs();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (int i = 1; i <= total; i++) {
        boolean warmup = i <= plan.warmupPairs();
        String label = warmup ? "warm-up" : "run " + (i - plan.warmupPairs()) + "/" + plan.runs();
        Run r = runReal(app, admin, counts, "bench-topology-real-" + i);
        out.printf("topology %s: real         %,10.0f records/s%n", label, r.recordsPerSecond());
        Run p = runPassThrough(app, counts, "bench-topology-pass-" + i);
        out.printf("topology %s: pass-through %,10.0f records/s%n", label, p.recordsPerSecond());
        if (!warmup) {
          real.add(r.recordsPerSecond());
          pass.add(p.recordsPerSecond());
        }
      }
    }
    results.figure(new Figure(SECTION, REAL, "records/s", Summary.of(real), 0));
    results.figure(new Figure(SECTION, PASS, "records/s", Summary.of(pass), 0));
    results.ratio(new Figure(SECTION, "real / pass-through", "x", Summary.ratios(real, pass), 2));
    results.method(
        SECTION,
        String.format(
            "%,d raw change records (%,d customers, %,d orders, %,d order lines; inserts then"
                + " updates, ~2 changes per key) pre-loaded into 1-partition raw topics of a KRaft"
                + " broker in this JVM; the registry is the project's own server.",
            counts.total(), counts.customers(), counts.orders(), counts.orderLines()));
    results.method(
        SECTION,
        "Both sides run in Kafka Streams with the application's settings (exactly_once_v2, 1"
            + " stream thread, commit.interval.ms "
            + app.commitIntervalMs()
            + ", producer linger.ms 5); alternating real, pass-through, "
            + plan.warmupPairs()
            + " unmeasured warm-up pair(s) first; each run a fresh application id and state dir.");
    results.method(
        SECTION,
        "Timed from state RUNNING until the stream thread's process-total reaches the input (for"
            + " the real topology: raw records plus the order parts it re-reads from "
            + TopologyNames.ORDER_PARTS_BY_ORDER_TOPIC
            + "); records/s = raw input records / that time. The real run is checked: every change"
            + " applied, none dead-lettered.");
  }

  private void createTopics(RawTopics raw) {
    Map<String, String> compacted =
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    for (String topic : List.of(raw.customers(), raw.orders(), raw.orderLines())) {
      stack.kafka().createTopic(topic, 1, Map.of());
    }
    for (String topic :
        List.of(
            Topics.CANONICAL_CUSTOMERS,
            Topics.CANONICAL_ORDERS,
            Topics.ERP_COMMANDS_CUSTOMERS,
            Topics.ERP_COMMANDS_ORDERS)) {
      stack.kafka().createTopic(topic, 1, compacted);
    }
    stack.kafka().createTopic(Topics.DEAD_LETTER, 1, Map.of());
    stack.kafka().createTopic(TopologyNames.ORDER_PARTS_BY_ORDER_TOPIC, 1, Map.of());
    stack.kafka().createTopic(PassThroughTopology.OUTPUT_TOPIC, 1, Map.of());
  }

  private RawChangeGenerator.Counts load(StreamsAppConfig app, long records) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      AtomicReference<Exception> failed = new AtomicReference<>();
      RawChangeGenerator.Counts counts =
          new RawChangeGenerator(app.rawTopics(), "sales", SEED)
              .generate(
                  records,
                  r ->
                      producer.send(
                          new ProducerRecord<>(r.topic(), r.key(), r.value()),
                          (meta, e) -> {
                            if (e != null) {
                              failed.compareAndSet(null, e);
                            }
                          }));
      producer.flush();
      if (failed.get() != null) {
        throw new IllegalStateException("loading the raw records failed", failed.get());
      }
      return counts;
    }
  }

  private Run runReal(
      StreamsAppConfig app, Admin admin, RawChangeGenerator.Counts counts, String appId)
      throws Exception {
    // The order-parts topic is a fixed, shared name: start this application at its end, so it
    // re-reads only the parts its own gates write.
    skipExistingOrderParts(admin, appId);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Topology topology =
        SyncTopology.build(
            app.rawTopics(),
            app.emitSettings(),
            new RestSchemaRegistryClient(app.schemaRegistryUrl()),
            new SyncMetrics(meters));
    Run run =
        time("real", topology, app, appId, counts.total(), counts.total() + counts.orderParts());
    double applied =
        meters.find("sync.changes.applied").counters().stream().mapToDouble(Counter::count).sum();
    double deadLettered =
        meters.find("sync.dead.lettered").counters().stream().mapToDouble(Counter::count).sum();
    if (applied != counts.total() || deadLettered != 0) {
      throw new IllegalStateException(
          "the real topology did not apply every change: applied "
              + (long) applied
              + " of "
              + counts.total()
              + ", dead-lettered "
              + (long) deadLettered);
    }
    return run;
  }

  private Run runPassThrough(StreamsAppConfig app, RawChangeGenerator.Counts counts, String appId)
      throws Exception {
    return time(
        "pass-through",
        PassThroughTopology.build(app.rawTopics()),
        app,
        appId,
        counts.total(),
        counts.total());
  }

  private void skipExistingOrderParts(Admin admin, String appId)
      throws ExecutionException, InterruptedException {
    TopicPartition parts = new TopicPartition(TopologyNames.ORDER_PARTS_BY_ORDER_TOPIC, 0);
    long end =
        admin.listOffsets(Map.of(parts, OffsetSpec.latest())).partitionResult(parts).get().offset();
    if (end > 0) {
      admin.alterConsumerGroupOffsets(appId, Map.of(parts, new OffsetAndMetadata(end))).all().get();
    }
  }

  private Run time(
      String kind,
      Topology topology,
      StreamsAppConfig app,
      String appId,
      long inputRecords,
      long expectedProcessed)
      throws InterruptedException {
    Path stateDir = Directories.fresh(stack.dir("topology").resolve(appId));
    KafkaStreams streams = new KafkaStreams(topology, properties(app, appId, stateDir));
    AtomicLong runningAt = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            runningAt.compareAndSet(0, System.nanoTime());
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          failure.compareAndSet(null, e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + inputRecords / 500);
    try {
      streams.start();
      double processed = 0;
      while (processed < expectedProcessed) {
        if (failure.get() != null) {
          throw new IllegalStateException(kind + " topology failed", failure.get());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              String.format(
                  "%s topology processed %,.0f of %,d records before the deadline",
                  kind, processed, expectedProcessed));
        }
        Thread.sleep(5);
        processed = processTotal(streams);
      }
      long end = System.nanoTime();
      double seconds = (end - runningAt.get()) / 1e9;
      return new Run(kind, inputRecords, seconds, inputRecords / seconds);
    } finally {
      streams.close(Duration.ofSeconds(30));
      Directories.delete(stateDir);
    }
  }

  /** Records processed by all stream threads so far (thread-level {@code process-total}). */
  static double processTotal(KafkaStreams streams) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (name.name().equals("process-total") && name.group().equals("stream-thread-metrics")) {
        total += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return total;
  }

  /**
   * The streams application's own settings ({@code StreamsApp}): exactly_once_v2, the configured
   * threads and commit interval, earliest offsets, producer linger 5 ms. Kept equal by hand: the
   * application builds them in a package-private method.
   */
  static Properties properties(StreamsAppConfig app, String appId, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, app.numThreads());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, app.commitIntervalMs());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) app.topicReplicationFactor());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    return props;
  }
}
