package io.crmerpsync.bench.endtoend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches one topic of the pipeline during a run and notes when each change first becomes readable
 * there, as a consumer of the next stage sees it ({@code read_committed}: a record of an open
 * transaction is not readable yet). With the commit times of the load generator this splits
 * commit->ERP into stages: how long until the raw change is in Kafka, until the ERP command is, and
 * the rest.
 *
 * <p>Times are {@link System#nanoTime()} at the return of the poll that delivered the record, the
 * clock the load generator uses for its commits. The probe is one more consumer on the broker: it
 * costs the machine a little of what it measures.
 */
final class StageProbe implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * A stage of the pipeline: its name in the report, the topic that ends it and how to read the
   * load generator's sequence number from a record value there (negative: not one of the run's).
   */
  record Stage(String name, String topic, ToLongFunction<byte[]> sequence) {}

  private final Stage stage;
  private final long firstSeq;
  private final long[] seenAt;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicInteger seen = new AtomicInteger();
  private volatile boolean running = true;

  /**
   * Starts watching {@code stage} from the current end of its topic for the changes numbered {@code
   * firstSeq} to {@code firstSeq + changes - 1}; returns once the probe sits at the end.
   */
  static StageProbe start(String bootstrapServers, Stage stage, long firstSeq, int changes)
      throws InterruptedException {
    StageProbe probe = new StageProbe(bootstrapServers, stage, firstSeq, changes);
    probe.thread.start();
    if (!probe.positioned.await(30, TimeUnit.SECONDS)) {
      probe.close();
      throw new IllegalStateException("stage probe on " + stage.topic() + " did not start");
    }
    if (probe.failure.get() != null) {
      throw new IllegalStateException(
          "stage probe on " + stage.topic() + " failed to start", probe.failure.get());
    }
    return probe;
  }

  private StageProbe(String bootstrapServers, Stage stage, long firstSeq, int changes) {
    this.stage = stage;
    this.firstSeq = firstSeq;
    this.seenAt = new long[changes];
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    this.thread = new Thread(this::watch, "bench-stage-" + stage.name());
    thread.setDaemon(true);
  }

  private void watch() {
    try {
      try {
        List<TopicPartition> partitions =
            consumer.partitionsFor(stage.topic(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
          throw new IllegalStateException("topic " + stage.topic() + " has no partitions");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
      } finally {
        positioned.countDown();
      }
      while (running) {
        var records = consumer.poll(POLL);
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (record.value() == null) {
            continue;
          }
          long index = stage.sequence().applyAsLong(record.value()) - firstSeq;
          if (index >= 0 && index < seenAt.length && seenAt[(int) index] == 0) {
            seenAt[(int) index] = now;
            seen.incrementAndGet();
          }
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException stopping) {
      // close() woke the poll
    } catch (RuntimeException e) {
      failure.set(e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** How many of the run's changes were seen so far (for watching a probe while it runs). */
  int seenCount() {
    return seen.get();
  }

  String name() {
    return stage.name();
  }

  /**
   * Stops watching and returns when each change was first readable (0: never seen), indexed by
   * sequence number minus the first one.
   */
  long[] stop() throws InterruptedException {
    close();
    thread.join(TimeUnit.SECONDS.toMillis(30));
    if (thread.isAlive()) {
      throw new IllegalStateException("stage probe on " + stage.topic() + " did not stop");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("stage probe on " + stage.topic() + " failed", failure.get());
    }
    return seenAt;
  }

  @Override
  public void close() {
    if (running) {
      running = false;
      consumer.wakeup();
    }
  }
}
