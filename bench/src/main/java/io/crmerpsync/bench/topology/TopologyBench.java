package io.crmerpsync.bench.topology;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.stack.BenchStack;
import io.crmerpsync.bench.stack.Directories;
import io.crmerpsync.bench.stats.CpuMeter;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.streams.app.StreamsApp;
import io.crmerpsync.streams.app.StreamsAppConfig;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.RawTopics;
import io.crmerpsync.streams.topology.Routing;
import io.crmerpsync.streams.topology.SyncTopology;
import io.crmerpsync.streams.topology.TopologyTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Topology throughput: the real {@link SyncTopology} (RocksDB stores, transaction assembly, Avro
 * through the project's registry, exactly_once_v2) against {@link PassThroughTopology} (decode and
 * forward only) on the same raw records pre-loaded into a real KRaft broker. Runs alternate real,
 * pass-through, real, ... after unmeasured warm-up pairs; each run is a new application id (so it
 * reads the input from the start) with an empty state directory.
 *
 * <p>A run is timed from the moment Kafka Streams reports RUNNING to the last moment its stream
 * threads processed a record (thread metric {@code process-total}), found once the whole input is
 * committed and nothing has been processed for half a second. For the real topology that includes
 * the records it re-reads from its own internal topics. Shutdown is outside the timing. The rate
 * counts raw row changes on both sides (transaction markers are read by both, not counted).
 *
 * <p>The topics come from the topology's own description, so the bench follows the topology as it
 * changes: missing topics are created, and a real run starts its internal topics (written and read
 * by the topology itself, shared names across runs) at their end.
 */
public final class TopologyBench {
  public static final String SECTION = "Topology";
  public static final String RATIO = "real / pass-through";
  public static final String REAL =
      "real topology (SyncTopology: RocksDB stores, Avro, EOS v2), in-task routing";
  static final String REAL_THROUGH_KAFKA =
      "real topology, routed through its internal topics (any partition count)";
  static final String RATIO_THROUGH_KAFKA = "real through internal topics / pass-through";
  static final String RATIO_ROUTINGS = "in-task routing / through internal topics";
  static final String PASS = "pass-through (decode JSON + forward bytes)";
  static final String REAL_CPU = "real topology, in-task routing: stream thread CPU per change";
  static final String PASS_CPU = "pass-through: stream thread CPU per change";
  static final String CPU_RATIO = "CPU per change, pass-through / real (in task)";
  static final String REAL_APP_CPU =
      "real topology, in-task routing: its threads' CPU per change (stream thread, producer I/O,"
          + " clients)";
  static final String PASS_APP_CPU = "pass-through: its threads' CPU per change";
  private static final long SEED = 20_260_501L;
  private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final BenchStack stack;
  private final PrintStream out;
  private Map<String, String> overrides = Map.of();

  public TopologyBench(BenchStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
  }

  /**
   * What one invocation measures.
   *
   * @param overrides Kafka Streams settings applied on top of the application's, to both sides
   *     (tuning experiments); empty for the application's own settings
   */
  public record Plan(long changes, int runs, int warmupPairs, Map<String, String> overrides) {
    public Plan {
      if (changes < 10 || runs < 1 || warmupPairs < 0) {
        throw new IllegalArgumentException(
            "topology plan needs changes >= 10 and runs >= 1, was " + changes + ", " + runs);
      }
      overrides = Map.copyOf(overrides);
    }
  }

  /**
   * One measured run: its rate, and the CPU per change of its stream thread and of all its threads
   * (the stream thread, its producer's I/O thread, the consumer's heartbeat thread), from the
   * threads' own clocks between the start and the end of the run.
   */
  public record Run(
      String kind,
      long changes,
      double seconds,
      double changesPerSecond,
      double streamThreadMicros,
      double appMicros) {}

  /** The loaded input: what was generated, and the end offset of every raw topic partition. */
  record Input(RawChangeGenerator.Counts counts, Map<TopicPartition, Long> endOffsets) {}

  public void measure(Plan plan, BenchResults results) throws Exception {
    this.overrides = plan.overrides();
    String bootstrap = stack.kafka().bootstrapServers();
    StreamsAppConfig app = stack.streamsAppConfig();
    Set<String> rawTopics = rawTopics(app.rawTopics());
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Topology probe = realTopology(app, new SimpleMeterRegistry(), Routing.THROUGH_KAFKA);
      for (String topic : topics(probe, true, true)) {
        stack.kafka().createTopic(topic, 1, Map.of());
      }
      stack.kafka().createTopic(PassThroughTopology.OUTPUT_TOPIC, 1, Map.of());
      Set<String> internal = new LinkedHashSet<>(topics(probe, true, false));
      internal.removeAll(rawTopics);

      out.printf("topology: loading about %,d raw row changes ...%n", plan.changes());
      Input input = load(app, admin, rawTopics, plan.changes());
      RawChangeGenerator.Counts counts = input.counts();

      List<Double> real = new ArrayList<>();
      List<Double> throughKafka = new ArrayList<>();
      List<Double> pass = new ArrayList<>();
      List<Double> realCpu = new ArrayList<>();
      List<Double> passCpu = new ArrayList<>();
      List<Double> realAppCpu = new ArrayList<>();
      List<Double> passAppCpu = new ArrayList<>();
      int total = plan.warmupPairs() + plan.runs();
      for (int i = 1; i <= total; i++) {
        boolean warmup = i <= plan.warmupPairs();
        String label = warmup ? "warm-up" : "run " + (i - plan.warmupPairs()) + "/" + plan.runs();
        Run r = runReal(app, admin, input, internal, Routing.IN_TASK, "bench-topology-real-" + i);
        out.printf(
            "topology %s: real, in task         %,10.0f changes/s, stream thread %,5.1f µs CPU per"
                + " change%n",
            label, r.changesPerSecond(), r.streamThreadMicros());
        Run k =
            runReal(
                app, admin, input, internal, Routing.THROUGH_KAFKA, "bench-topology-kafka-" + i);
        out.printf(
            "topology %s: real, through Kafka   %,10.0f changes/s%n", label, k.changesPerSecond());
        Run p =
            time(
                "pass-through",
                PassThroughTopology.build(app.rawTopics()),
                app,
                admin,
                input,
                "bench-topology-pass-" + i);
        out.printf(
            "topology %s: pass-through          %,10.0f changes/s, stream thread %,5.1f µs CPU per"
                + " change%n",
            label, p.changesPerSecond(), p.streamThreadMicros());
        if (!warmup) {
          real.add(r.changesPerSecond());
          throughKafka.add(k.changesPerSecond());
          pass.add(p.changesPerSecond());
          realCpu.add(r.streamThreadMicros());
          passCpu.add(p.streamThreadMicros());
          realAppCpu.add(r.appMicros());
          passAppCpu.add(p.appMicros());
        }
      }
      results.figure(new Figure(SECTION, REAL, "changes/s", Summary.of(real), 0));
      results.figure(
          new Figure(SECTION, REAL_THROUGH_KAFKA, "changes/s", Summary.of(throughKafka), 0));
      results.figure(new Figure(SECTION, PASS, "changes/s", Summary.of(pass), 0));
      results.ratio(new Figure(SECTION, RATIO, "x", Summary.ratios(real, pass), 2));
      results.ratio(
          new Figure(SECTION, RATIO_THROUGH_KAFKA, "x", Summary.ratios(throughKafka, pass), 2));
      results.ratio(
          new Figure(SECTION, RATIO_ROUTINGS, "x", Summary.ratios(real, throughKafka), 2));
      results.figure(new Figure(SECTION, REAL_CPU, "µs", Summary.of(realCpu), 1));
      results.figure(new Figure(SECTION, PASS_CPU, "µs", Summary.of(passCpu), 1));
      results.ratio(new Figure(SECTION, CPU_RATIO, "x", Summary.ratios(passCpu, realCpu), 2));
      results.figure(new Figure(SECTION, REAL_APP_CPU, "µs", Summary.of(realAppCpu), 1));
      results.figure(new Figure(SECTION, PASS_APP_CPU, "µs", Summary.of(passAppCpu), 1));
      results.method(
          SECTION,
          String.format(
              "Input: %,d raw row changes (%,d customers, %,d orders, %,d order lines) in %,d CRM"
                  + " transactions with their %,d BEGIN/END markers, cdc-source's raw format,"
                  + " pre-loaded into 1-partition topics of a KRaft broker in this JVM.",
              counts.changes(),
              counts.customers(),
              counts.orders(),
              counts.orderLines(),
              counts.transactions(),
              counts.markers()));
      results.method(
          SECTION,
          "Both sides run in Kafka Streams with the application's settings (exactly_once_v2, "
              + app.numThreads()
              + " stream thread, Kafka Streams' commit.interval.ms "
              + app.commitPacing().backlogInterval().toMillis()
              + ", producer linger.ms 5) against the project's registry; the real topology"
              + " registers its output schemas before it starts, as the application does, and"
              + " asks for commits as the application does (every "
              + app.commitIntervalMs()
              + " ms while keeping up, after a quarter of the records' age when behind, as here"
              + " where its input waits in Kafka before the run; decision 17); alternating the real"
              + " topology with in-task routing (what the application runs when every topic it"
              + " reads has one partition, as here), the real topology routed through its"
              + " internal topics (what it runs with more partitions) and the pass-through, after "
              + plan.warmupPairs()
              + " unmeasured warm-up round(s); each run a fresh application id and state dir."
              + (plan.overrides().isEmpty()
                  ? ""
                  : " Settings changed for this run, on both sides: " + plan.overrides() + "."));
      results.method(
          SECTION,
          "Timed from state RUNNING to the last record processed (stream-thread process-total),"
              + " including what the real topology routed through Kafka re-reads from its internal"
              + " topics "
              + internal
              + "; changes/s = raw row changes / that time. Every real run is checked: every"
              + " change applied, none dead-lettered, no transaction left incomplete. CPU per"
              + " change: the run's threads' own CPU clocks (ThreadMXBean) from before the start"
              + " to the end of the run, start-up and the last commit included, divided by the"
              + " raw row changes; the stream thread bounds the rate when it is busy all the"
              + " time, and its CPU moves much less between runs than the rate does, which also"
              + " depends on what else the two cores are doing.");
    }
  }

  private static Set<String> rawTopics(RawTopics raw) {
    return new LinkedHashSet<>(
        List.of(raw.customers(), raw.orders(), raw.orderLines(), raw.transactions()));
  }

  private static Topology realTopology(
      StreamsAppConfig app, MeterRegistry meters, Routing routing) {
    // Its output schemas registered before it starts, as the application does (StreamsApp).
    RestSchemaRegistryClient registry = new RestSchemaRegistryClient(app.schemaRegistryUrl());
    SyncTopology.registerOutputSchemas(registry, ErpStatusSources.none());
    return SyncTopology.build(
        app.rawTopics(),
        app.emitSettings(),
        ErpStatusSources.none(),
        registry,
        new SyncMetrics(meters),
        routing,
        app.commitPacing());
  }

  /** The topics {@code topology} reads ({@code sources}) and/or writes ({@code sinks}). */
  public static Set<String> topics(Topology topology, boolean sources, boolean sinks) {
    return TopologyTopics.of(topology, sources, sinks);
  }

  private Input load(StreamsAppConfig app, Admin admin, Set<String> rawTopics, long changes)
      throws ExecutionException, InterruptedException {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    RawChangeGenerator.Counts counts;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      AtomicReference<Exception> failed = new AtomicReference<>();
      counts =
          new RawChangeGenerator(app.rawTopics(), SEED)
              .generate(
                  changes,
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
    }
    return new Input(counts, endOffsets(admin, rawTopics));
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .forEach(
            (name, description) ->
                description
                    .partitions()
                    .forEach(
                        p ->
                            request.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    return admin.listOffsets(request).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private Run runReal(
      StreamsAppConfig app,
      Admin admin,
      Input input,
      Set<String> internal,
      Routing routing,
      String appId)
      throws Exception {
    // Internal topics have fixed names shared by every run: start this application at their end,
    // so it re-reads only what its own run writes.
    Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
    endOffsets(admin, internal).forEach((tp, end) -> start.put(tp, new OffsetAndMetadata(end)));
    if (!start.isEmpty()) {
      admin.alterConsumerGroupOffsets(appId, start).all().get();
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Run run = time("real", realTopology(app, meters, routing), app, admin, input, appId);
    long applied = count(meters, "sync.changes.applied");
    long deadLettered = count(meters, "sync.dead.lettered");
    long incomplete = count(meters, "sync.transactions.incomplete");
    if (applied != input.counts().changes() || deadLettered != 0 || incomplete != 0) {
      throw new IllegalStateException(
          String.format(
              "the real topology did not process the input cleanly: applied %,d of %,d changes,"
                  + " dead-lettered %,d, incomplete transactions %,d",
              applied, input.counts().changes(), deadLettered, incomplete));
    }
    return run;
  }

  private static long count(MeterRegistry meters, String name) {
    return (long) meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private Run time(
      String kind, Topology topology, StreamsAppConfig app, Admin admin, Input input, String appId)
      throws Exception {
    Path stateDir = Directories.fresh(stack.dir("topology").resolve(appId));
    Properties props = properties(app, appId, stateDir);
    props.putAll(overrides);
    KafkaStreams streams = new KafkaStreams(topology, props);
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
    long changes = input.counts().changes();
    long deadline =
        System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + input.counts().records() / 500);
    ProcessedRecords processedRecords = new ProcessedRecords(streams);
    CpuMeter cpu = cpuMeter(appId);
    CpuMeter.Reading cpuAtStart = cpu.read();
    try {
      streams.start();
      double processed = -1;
      long lastProgress = System.nanoTime();
      long nextCommitCheck = 0;
      boolean inputCommitted = false;
      while (true) {
        if (failure.get() != null) {
          throw new IllegalStateException(kind + " topology failed", failure.get());
        }
        long now = System.nanoTime();
        if (now > deadline) {
          throw new IllegalStateException(
              String.format(
                  "%s topology had processed %,.0f records (input: %,d) at the deadline",
                  kind, processed, input.counts().records()));
        }
        double total = processedRecords.read();
        if (total != processed) {
          processed = total;
          lastProgress = now;
        }
        if (!inputCommitted && now >= nextCommitCheck && processed >= input.counts().records()) {
          inputCommitted = isCommitted(admin, appId, input.endOffsets());
          nextCommitCheck = now + TimeUnit.MILLISECONDS.toNanos(100);
        }
        if (inputCommitted && now - lastProgress >= QUIET_NANOS) {
          double seconds = (lastProgress - runningAt.get()) / 1e9;
          CpuMeter.PerChange perChange = CpuMeter.perChange(cpuAtStart, cpu.read(), changes);
          return new Run(
              kind,
              changes,
              seconds,
              changes / seconds,
              perChange.of(STREAM_THREAD),
              perChange.of(STREAM_THREAD) + perChange.of(APP_THREADS));
        }
        Thread.sleep(5);
      }
    } finally {
      streams.close(Duration.ofSeconds(30));
      Directories.delete(stateDir);
    }
  }

  private static final String STREAM_THREAD = "stream thread";
  private static final String APP_THREADS = "the application's other threads";

  /**
   * The run's stream thread ({@code <appId>-<uuid>-StreamThread-1}) and its other threads, whose
   * names carry its application id (the producer's I/O thread is {@code
   * kafka-producer-network-thread | <appId>-...-producer}); the broker and the bench are others.
   */
  static CpuMeter cpuMeter(String appId) {
    // The consumer's heartbeat thread ends with the group id, which is the application id.
    Pattern ofThisApp = Pattern.compile(Pattern.quote(appId) + "(\\D|$)");
    return new CpuMeter(
        List.of(
            new CpuMeter.Component(
                STREAM_THREAD,
                name ->
                    name.startsWith(appId + "-")
                        && name.contains("-StreamThread-")
                        && !name.contains("producer")),
            new CpuMeter.Component(APP_THREADS, name -> ofThisApp.matcher(name).find())));
  }

  private static boolean isCommitted(
      Admin admin, String groupId, Map<TopicPartition, Long> endOffsets)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
      OffsetAndMetadata offset = committed.get(end.getKey());
      if (end.getValue() > 0 && (offset == null || offset.offset() < end.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The streams application's own settings ({@link StreamsApp#streamsProperties}), with this run's
   * application id and state directory.
   */
  public static Properties properties(StreamsAppConfig app, String appId, Path stateDir) {
    Properties props = StreamsApp.streamsProperties(app);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return props;
  }
}
