package io.crmerpsync.bench.ceiling;

import io.crmerpsync.bench.endtoend.EndToEndBench;
import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.stack.BenchStack;
import io.crmerpsync.bench.stack.RecordSender;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.bench.topology.RawChangeGenerator;
import io.crmerpsync.bench.topology.TopologyBench;
import io.crmerpsync.streams.topology.RawTopics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling: how fast the broker the pipeline runs on moves the pipeline's own raw records when
 * nothing else happens. One producer writes the same records the topology measurement reads (same
 * generator and seed, so the same sizes and counts, transaction markers included) into fresh
 * 1-partition topics, while one consumer in the same JVM reads them back. The producer uses
 * cdc-source's settings (acks=all, idempotence, linger 5 ms, 256 KiB batches, lz4), the consumer
 * Kafka's defaults.
 *
 * <p>A run is timed from the first send to the last record consumed. The rate is reported as
 * records/s (every record) and as raw row changes/s (markers moved but not counted), the latter the
 * unit the pipeline's figures use, so that they can be divided by it ({@link #addFractions}).
 *
 * <p>Limit: it is the ceiling of this broker on this machine with one producer and one consumer,
 * not of Kafka; the pipeline shares the same broker and CPU, so it cannot exceed it.
 */
public final class CeilingBench {
  public static final String SECTION = "Ceiling";
  public static final String CHANGES = "bare Kafka produce+consume, same raw records";
  static final String RECORDS = "bare Kafka produce+consume, every record (markers included)";
  static final String TOPOLOGY_FRACTION = "real topology / bare-Kafka ceiling";
  static final String END_TO_END_FRACTION = "end-to-end sustained / bare-Kafka ceiling";

  /**
   * The fewest raw changes a run moves: the quick topology input passes through in a fraction of a
   * second, too short to time, so a small size gets more of the same records.
   */
  public static final long MIN_CHANGES = 200_000;

  private static final long SEED = 20_260_501L;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  private final BenchStack stack;
  private final PrintStream out;

  public CeilingBench(BenchStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
  }

  /** What one invocation measures. */
  public record Plan(long changes, int runs, int warmups) {
    public Plan {
      if (changes < 10 || runs < 1 || warmups < 0) {
        throw new IllegalArgumentException(
            "ceiling plan needs changes >= 10, runs >= 1 and warmups >= 0, was "
                + changes
                + ", "
                + runs
                + ", "
                + warmups);
      }
    }
  }

  /** One run: records and row changes moved, and the seconds from first send to last read. */
  record Run(long records, long changes, double seconds) {
    double recordsPerSecond() {
      return records / seconds;
    }

    double changesPerSecond() {
      return changes / seconds;
    }
  }

  public void measure(Plan plan, BenchResults results) throws Exception {
    // The application's default topics: the database name is inside every marker, so it sizes them.
    RawTopics topics = RawTopics.of("crm", "sales");
    List<RawChangeGenerator.RawRecord> records = new ArrayList<>();
    out.printf("ceiling: generating about %,d raw row changes ...%n", plan.changes());
    RawChangeGenerator.Counts counts =
        new RawChangeGenerator(topics, SEED).generate(plan.changes(), records::add);
    long bytes = records.stream().mapToLong(r -> r.key().length + r.value().length).sum();
    List<Double> changesPerSecond = new ArrayList<>();
    List<Double> recordsPerSecond = new ArrayList<>();
    int total = plan.warmups() + plan.runs();
    for (int i = 1; i <= total; i++) {
      boolean warmup = i <= plan.warmups();
      Run run = run(records, counts.changes(), "bench.ceiling." + i + ".");
      out.printf(
          "ceiling %s: %,10.0f records/s, %,10.0f changes/s%n",
          warmup ? "warm-up" : "run " + (i - plan.warmups()) + "/" + plan.runs(),
          run.recordsPerSecond(),
          run.changesPerSecond());
      if (!warmup) {
        changesPerSecond.add(run.changesPerSecond());
        recordsPerSecond.add(run.recordsPerSecond());
      }
    }
    results.figure(new Figure(SECTION, CHANGES, "changes/s", Summary.of(changesPerSecond), 0));
    results.figure(new Figure(SECTION, RECORDS, "records/s", Summary.of(recordsPerSecond), 0));
    results.method(
        SECTION,
        String.format(
            "The topology measurement's kind of input (same generator and seed; at least %,d"
                + " changes, so that a run lasts long enough to time): %,d raw row changes and %,d"
                + " BEGIN/END markers (%,d records, %,.1f MB of keys and values, %,d bytes per"
                + " record on average), written by one producer into fresh 1-partition topics of"
                + " the same KRaft broker while one consumer reads them back.",
            MIN_CHANGES,
            counts.changes(),
            counts.markers(),
            counts.records(),
            bytes / 1e6,
            bytes / Math.max(1, counts.records())));
    results.method(
        SECTION,
        "Producer settings of cdc-source (acks=all, enable.idempotence, max.in.flight 5, linger.ms"
            + " 5, batch.size 256 KiB, lz4); consumer defaults (read_uncommitted). Timed from the"
            + " first send to the last record read; "
            + plan.warmups()
            + " unmeasured warm-up run(s), then "
            + plan.runs()
            + " measured.");
    results.method(
        SECTION,
        "Fractions: the pipeline's median over the ceiling's median; their range pairs the"
            + " slowest pipeline run with the fastest ceiling run and the other way round (the"
            + " runs are not paired one to one). The end-to-end pipeline has its own broker,"
            + " started the same way.");
  }

  /**
   * Adds the pipeline's figures as fractions of the ceiling, for those measured in this run: the
   * real topology and the highest sustained end-to-end rate.
   */
  public static void addFractions(BenchResults results) {
    Optional<Figure> ceiling = results.find(SECTION, CHANGES);
    if (ceiling.isEmpty()) {
      return;
    }
    results
        .find(TopologyBench.SECTION, TopologyBench.REAL)
        .ifPresent(
            f ->
                results.ratio(
                    new Figure(
                        SECTION,
                        TOPOLOGY_FRACTION,
                        "x",
                        fraction(f.summary(), ceiling.get().summary()),
                        3)));
    results
        .find(EndToEndBench.SECTION, EndToEndBench.SUSTAINED)
        .ifPresent(
            f ->
                results.ratio(
                    new Figure(
                        SECTION,
                        END_TO_END_FRACTION,
                        "x",
                        fraction(f.summary(), ceiling.get().summary()),
                        3)));
  }

  /** The end-to-end fraction if measured, else the topology's. */
  public static Optional<Figure> pipelineFraction(BenchResults results) {
    return results
        .find(SECTION, END_TO_END_FRACTION)
        .or(() -> results.find(SECTION, TOPOLOGY_FRACTION));
  }

  /**
   * The pipeline figure {@link #pipelineFraction} divides: end to end if measured, else topology.
   */
  public static Optional<Figure> pipelineRate(BenchResults results) {
    return results
        .find(EndToEndBench.SECTION, EndToEndBench.SUSTAINED)
        .or(() -> results.find(TopologyBench.SECTION, TopologyBench.REAL));
  }

  /** {@code part / whole} by medians, the range from the extremes of the two. */
  static Summary fraction(Summary part, Summary whole) {
    return new Summary(
        part.median() / whole.median(),
        part.min() / whole.max(),
        part.max() / whole.min(),
        Math.min(part.runs(), whole.runs()));
  }

  private Run run(List<RawChangeGenerator.RawRecord> records, long changes, String prefix)
      throws Exception {
    Map<String, String> topicOf = new LinkedHashMap<>();
    for (RawChangeGenerator.RawRecord r : records) {
      topicOf.computeIfAbsent(r.topic(), t -> prefix + t.substring(t.lastIndexOf('.') + 1));
    }
    for (String topic : topicOf.values()) {
      stack.kafka().createTopic(topic, 1, Map.of());
    }
    AtomicLong consumed = new AtomicLong();
    AtomicLong lastReadAt = new AtomicLong();
    AtomicReference<Exception> consumerFailure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                consume(topicOf.values(), records.size(), consumed, lastReadAt);
              } catch (Exception e) {
                consumerFailure.set(e);
              }
            },
            "bench-ceiling-consumer");
    reader.setDaemon(true);
    reader.start();
    long begin;
    try (RecordSender sender = new RecordSender(producerSettings(), "the ceiling's records")) {
      // Fetch the topics' metadata before the clock starts, as a running source would have.
      topicOf.values().forEach(sender::prepare);
      begin = System.nanoTime();
      for (RawChangeGenerator.RawRecord r : records) {
        sender.send(topicOf.get(r.topic()), r.key(), r.value());
      }
      sender.flush();
    }
    reader.join(RUN_TIMEOUT.toMillis());
    if (consumerFailure.get() != null) {
      throw new IllegalStateException("the ceiling consumer failed", consumerFailure.get());
    }
    if (reader.isAlive() || consumed.get() < records.size()) {
      reader.interrupt();
      throw new IllegalStateException(
          String.format(
              "the ceiling consumer read %,d of %,d records within %s",
              consumed.get(), records.size(), RUN_TIMEOUT));
    }
    return new Run(records.size(), changes, (lastReadAt.get() - begin) / 1e9);
  }

  private void consume(
      Iterable<String> topics, long expected, AtomicLong consumed, AtomicLong lastReadAt) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        partitions.add(new TopicPartition(topic, 0));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (consumed.get() < expected && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
        if (!batch.isEmpty()) {
          consumed.addAndGet(batch.count());
          lastReadAt.set(System.nanoTime());
        }
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      }
    }
  }

  private Map<String, Object> producerSettings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return settings;
  }
}
