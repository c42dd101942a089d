package io.crmerpsync.bench.memory;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.stack.BenchStack;
import io.crmerpsync.bench.stack.Directories;
import io.crmerpsync.bench.stack.RecordSender;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.bench.topology.ProcessedRecords;
import io.crmerpsync.bench.topology.RawChangeGenerator;
import io.crmerpsync.bench.topology.TopologyBench;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.streams.app.StreamsAppConfig;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.Routing;
import io.crmerpsync.streams.topology.SyncTopology;
import io.crmerpsync.streams.topology.TopologyNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Memory with N keys in the real topology's state stores: N new customers (a bulk import, in CRM
 * transactions of {@link #PER_TRANSACTION}) are pre-loaded into the raw customers topic and run
 * through the real {@link SyncTopology} with the application's settings, so that the customer
 * version gate and the golden-record store each hold one entry per customer. With the stores open
 * and every change processed, the heap is read right after a full collection, and the process RSS
 * from {@code /proc/self/status}; the same is read before the topology starts, for the increase.
 *
 * <p>Limits: the JVM also holds the broker and the registry (both idle at the moments of reading),
 * so the totals are upper bounds for a streams-only process; the increase over the baseline is what
 * the topology and its stores add. One run: the load takes minutes at 1M keys.
 */
public final class MemoryBench {
  public static final String SECTION = "Memory";
  static final int PER_TRANSACTION = 100;
  private static final long SEED = 20_260_502L;
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final BenchStack stack;
  private final PrintStream out;

  public MemoryBench(BenchStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
  }

  /** What one invocation measures: {@code keys} customers in the stores. */
  public record Plan(long keys) {
    public Plan {
      if (keys < 1) {
        throw new IllegalArgumentException("the memory plan needs keys >= 1, was " + keys);
      }
    }
  }

  /** The figure name of heap after GC with {@code keys} keys; the goal reads it. */
  public static String heapName(long keys) {
    return String.format(Locale.ROOT, "heap used after GC, %,d keys in the stores", keys);
  }

  /** The figure name of the baseline heap, before the topology started. */
  public static final String HEAP_BEFORE = "heap used after GC, before the topology started";

  static String rssName(long keys) {
    return String.format(Locale.ROOT, "process RSS, %,d keys in the stores", keys);
  }

  static final String RSS_BEFORE = "process RSS, before the topology started";

  public void measure(Plan plan, BenchResults results) throws Exception {
    String bootstrap = stack.kafka().bootstrapServers();
    StreamsAppConfig app = stack.streamsAppConfig();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // Its output schemas registered first, as the application does at its start.
    RestSchemaRegistryClient registry = new RestSchemaRegistryClient(app.schemaRegistryUrl());
    SyncTopology.registerOutputSchemas(registry, ErpStatusSources.none());
    // Routed in task, as the application runs on the bench's 1-partition topics (decision 16).
    Topology topology =
        SyncTopology.build(
            app.rawTopics(),
            app.emitSettings(),
            ErpStatusSources.none(),
            registry,
            new SyncMetrics(meters),
            Routing.IN_TASK,
            app.commitPacing());
    String appId = "bench-memory";
    Path stateDir = Directories.fresh(stack.dir("memory").resolve(appId));
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (String topic : TopologyBench.topics(topology, true, true)) {
        stack.kafka().createTopic(topic, 1, Map.of());
      }
      // Start every topic the topology reads at its current end: earlier measurements may have
      // written to the shared names. The customers written below are then the whole input.
      startAtEnd(admin, appId, TopologyBench.topics(topology, true, false));
      out.printf("memory: loading %,d new customers ...%n", plan.keys());
      RawChangeGenerator.Counts counts = load(app, plan.keys());
      ProcessMemory before = ProcessMemory.afterGc();
      out.printf(
          "memory: before the topology: heap %,.0f MiB after GC, RSS %,.0f MiB%n",
          ProcessMemory.mib(before.heapAfterGcBytes()), ProcessMemory.mib(before.rssBytes()));
      Properties props = TopologyBench.properties(app, appId, stateDir);
      props.put("auto.offset.reset", "earliest");
      KafkaStreams streams = new KafkaStreams(topology, props);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      streams.setUncaughtExceptionHandler(
          e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          });
      long begin = System.nanoTime();
      try {
        streams.start();
        awaitProcessed(streams, meters, counts, failure);
        double seconds = (System.nanoTime() - begin) / 1e9;
        ProcessMemory after = ProcessMemory.afterGc();
        Map<String, Long> entries = storeEntries(streams);
        long onDisk = sizeOf(stateDir);
        out.printf(
            "memory: %,d keys: heap %,.0f MiB after GC, RSS %,.0f MiB, stores %s%n",
            plan.keys(),
            ProcessMemory.mib(after.heapAfterGcBytes()),
            ProcessMemory.mib(after.rssBytes()),
            entries);
        report(results, plan, counts, before, after, entries, onDisk, seconds);
      } finally {
        streams.close(Duration.ofSeconds(30));
        Directories.delete(stateDir);
      }
    }
  }

  private void report(
      BenchResults results,
      Plan plan,
      RawChangeGenerator.Counts counts,
      ProcessMemory before,
      ProcessMemory after,
      Map<String, Long> entries,
      long onDisk,
      double seconds) {
    results.figure(mib(heapName(plan.keys()), after.heapAfterGcBytes()));
    results.figure(mib(HEAP_BEFORE, before.heapAfterGcBytes()));
    if (after.rssBytes() >= 0 && before.rssBytes() >= 0) {
      results.figure(mib(rssName(plan.keys()), after.rssBytes()));
      results.figure(mib(RSS_BEFORE, before.rssBytes()));
    }
    results.method(
        SECTION,
        String.format(
            Locale.ROOT,
            "%,d new customers (%,d CRM transactions of %d, with their BEGIN/END markers) in"
                + " cdc-source's raw format, through the real topology with the application's"
                + " settings on the bench's broker and registry; processed in %.0f s. Entries"
                + " then, by RocksDB's estimate: %s; state directory %,.0f MiB on disk.",
            counts.customers(),
            counts.transactions(),
            PER_TRANSACTION,
            seconds,
            entries,
            ProcessMemory.mib(onDisk)));
    results.method(
        SECTION,
        "Heap = used right after a full collection (MemoryMXBean.gc()), with the stores open and"
            + " the input processed; RSS = VmRSS of /proc/self/status at the same moment (RocksDB"
            + " memtables and block cache live there, not in the heap). Both also read before the"
            + " topology started. The JVM holds the broker and registry too, so the totals bound"
            + " a streams-only process from above. RSS also moves with the heap the JVM keeps"
            + " committed: "
            + String.format(
                Locale.ROOT,
                "%,.0f MiB before, %,.0f MiB with the stores",
                ProcessMemory.mib(before.heapCommittedBytes()),
                ProcessMemory.mib(after.heapCommittedBytes()))
            + ". One run.");
  }

  private static Figure mib(String name, long bytes) {
    double value = ProcessMemory.mib(bytes);
    return new Figure(SECTION, name, "MiB", new Summary(value, value, value, 1), 0);
  }

  private RawChangeGenerator.Counts load(StreamsAppConfig app, long keys) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (RecordSender sender = new RecordSender(settings, "the customers")) {
      RawChangeGenerator.Counts counts =
          new RawChangeGenerator(app.rawTopics(), SEED)
              .generateCustomerInserts(
                  keys, PER_TRANSACTION, r -> sender.send(r.topic(), r.key(), r.value()));
      sender.flush();
      return counts;
    }
  }

  /**
   * Waits until every customer passed the version gate and the topology has been idle for a second
   * (the golden-record step runs after a round trip through an internal topic).
   */
  private void awaitProcessed(
      KafkaStreams streams,
      MeterRegistry meters,
      RawChangeGenerator.Counts counts,
      AtomicReference<Throwable> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120 + counts.customers() / 500);
    double processed = -1;
    long lastProgress = System.nanoTime();
    long nextReport = System.nanoTime() + PROGRESS_NANOS;
    ProcessedRecords processedRecords = new ProcessedRecords(streams);
    while (true) {
      if (failure.get() != null) {
        throw new IllegalStateException("the real topology failed", failure.get());
      }
      long now = System.nanoTime();
      long applied = count(meters, "sync.changes.applied");
      if (now > deadline) {
        throw new IllegalStateException(
            String.format(
                "the topology had applied %,d of %,d customers at the deadline",
                applied, counts.customers()));
      }
      double total = processedRecords.read();
      if (total != processed) {
        processed = total;
        lastProgress = now;
      }
      if (now >= nextReport) {
        out.printf("memory: %,d of %,d customers through the gate%n", applied, counts.customers());
        nextReport = now + PROGRESS_NANOS;
      }
      if (applied >= counts.customers() && now - lastProgress >= QUIET_NANOS) {
        long deadLettered = count(meters, "sync.dead.lettered");
        if (deadLettered != 0) {
          throw new IllegalStateException(deadLettered + " customers were dead-lettered");
        }
        return;
      }
      Thread.sleep(20);
    }
  }

  private static long count(MeterRegistry meters, String name) {
    return (long) meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** RocksDB's estimate of the entries in each customer store. */
  private static Map<String, Long> storeEntries(KafkaStreams streams) {
    Map<String, Long> entries = new LinkedHashMap<>();
    for (String store :
        List.of(TopologyNames.CUSTOMER_POSITIONS_STORE, TopologyNames.CUSTOMER_GOLDEN_STORE)) {
      try {
        entries.put(
            store,
            streams
                .store(
                    StoreQueryParameters.fromNameAndType(
                        store, QueryableStoreTypes.<Object, Object>keyValueStore()))
                .approximateNumEntries());
      } catch (RuntimeException e) {
        entries.put(store, -1L);
      }
    }
    return entries;
  }

  private static void startAtEnd(Admin admin, String groupId, Set<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin
        .describeTopics(new LinkedHashSet<>(topics))
        .allTopicNames()
        .get()
        .forEach(
            (name, d) ->
                d.partitions()
                    .forEach(
                        p ->
                            request.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
    admin
        .listOffsets(request)
        .all()
        .get()
        .forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
    if (!start.isEmpty()) {
      admin.alterConsumerGroupOffsets(groupId, start).all().get();
    }
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + dir, e);
    }
  }
}
