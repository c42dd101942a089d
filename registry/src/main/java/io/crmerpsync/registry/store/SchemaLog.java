package io.crmerpsync.registry.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable log: a compacted, single-partition Kafka topic, and the one place that
 * changes {@link RegistryState}.
 *
 * <p>A reader thread applies every record of the topic to the state, from the beginning, for as
 * long as the log is open. A write produces a record (acks=all, idempotent), waits for the ack, and
 * then waits until the reader has applied it, so the state is always a prefix of the log and an
 * answer given to a client is already durable. {@link #catchUp()} waits until the reader has seen
 * the current end of the topic; writers call it first, so a write whose ack timed out but which
 * landed anyway is applied before the next decision is taken.
 *
 * <p>Limits: one writer. There is no leader election or fencing; two registries writing the same
 * topic can hand out the same id twice. Run one instance per topic.
 */
public final class SchemaLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final LogSettings settings;
  private final RegistryState state;
  private final LogCodec codec = new LogCodec();
  private final TopicPartition partition;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Counter malformedRecords;
  private final Thread reader;
  private final ReentrantLock positionLock = new ReentrantLock();
  private final Condition positionAdvanced = positionLock.newCondition();
  private long appliedUpTo; // next offset the reader will apply; guarded by positionLock
  private volatile boolean running = true;
  private volatile Optional<String> readerFailure = Optional.empty();

  private SchemaLog(LogSettings settings, RegistryState state, MeterRegistry meters) {
    this.settings = settings;
    this.state = state;
    this.partition = new TopicPartition(settings.topic(), 0);
    String clientId = "crm-erp-sync-registry-" + settings.topic();
    int timeoutMs = (int) settings.timeout().toMillis();
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                clientId + "-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.min(timeoutMs, 15_000)));
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG,
                clientId + "-producer",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                timeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.min(timeoutMs, 15_000),
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientId + "-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                // A fetch still parked on the broker delays close() by up to this long; new
                // records end the wait at once, so a short wait costs nothing in write latency.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                100),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    this.malformedRecords =
        Counter.builder("registry.store.malformed.records")
            .description("Records of the registry topic that could not be decoded and were skipped")
            .tag("topic", settings.topic())
            .register(meters);
    this.reader = new Thread(this::readForever, "registry-log-reader-" + settings.topic());
    this.reader.setDaemon(true);
  }

  /**
   * Creates the topic if missing, starts the reader and returns once the state holds everything the
   * topic held at the time of the call.
   *
   * @throws StoreException when Kafka does not answer within the configured timeout, or the topic
   *     exists with a shape the registry cannot use
   */
  public static SchemaLog open(LogSettings settings, RegistryState state, MeterRegistry meters) {
    SchemaLog schemaLog = new SchemaLog(settings, state, meters);
    try {
      schemaLog.ensureTopic();
      schemaLog.consumer.assign(List.of(schemaLog.partition));
      schemaLog.consumer.seekToBeginning(List.of(schemaLog.partition));
      schemaLog.reader.start();
      schemaLog.catchUp();
      return schemaLog;
    } catch (RuntimeException e) {
      schemaLog.close();
      throw e;
    }
  }

  /** Waits until the state reflects every record the topic holds now. */
  public void catchUp() {
    awaitApplied(endOffset());
  }

  /**
   * Writes an entry and returns once it is acknowledged by Kafka and applied to the state.
   *
   * @return the entry's offset in the topic
   */
  public long append(LogEntry entry) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(settings.topic(), 0, codec.key(entry), codec.value(entry));
    RecordMetadata written;
    try {
      written = producer.send(record).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new StoreException(
          "Kafka did not acknowledge the write to " + settings.topic() + " in time", true, e);
    } catch (ExecutionException e) {
      boolean timeout = e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
      throw new StoreException(
          "writing to " + settings.topic() + " failed: " + e.getCause().getMessage(),
          timeout,
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while writing to " + settings.topic(), false, e);
    } catch (KafkaException e) {
      throw new StoreException(
          "writing to " + settings.topic() + " failed: " + e.getMessage(), false, e);
    }
    awaitApplied(written.offset() + 1);
    return written.offset();
  }

  /** Empty while the reader is healthy, else why it is not. */
  public Optional<String> readerFailure() {
    return reader.isAlive() || !running ? readerFailure : Optional.of("log reader stopped");
  }

  /** The topic this log lives in. */
  public String topic() {
    return settings.topic();
  }

  private void ensureTopic() {
    try {
      Optional<TopicDescription> existing = describeTopic();
      if (existing.isEmpty()) {
        createTopic();
      } else {
        verifyTopic(existing.get());
      }
    } catch (ExecutionException e) {
      throw new StoreException(
          "cannot prepare topic "
              + settings.topic()
              + " on Kafka at "
              + settings.bootstrapServers()
              + ": "
              + e.getCause().getMessage(),
          e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException,
          e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException(
          "Kafka at "
              + settings.bootstrapServers()
              + " did not answer in "
              + settings.timeout().toMillis()
              + " ms",
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while preparing " + settings.topic(), false, e);
    }
  }

  private Optional<TopicDescription> describeTopic()
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return Optional.of(
          admin
              .describeTopics(List.of(settings.topic()))
              .allTopicNames()
              .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
              .get(settings.topic()));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void createTopic() throws InterruptedException, ExecutionException, TimeoutException {
    NewTopic topic =
        new NewTopic(settings.topic(), 1, settings.replicationFactor())
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    String.valueOf(Math.max(1, settings.replicationFactor() - 1))));
    try {
      admin
          .createTopics(List.of(topic))
          .all()
          .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      log.info(
          "Created registry topic {} (compacted, 1 partition, replication factor {})",
          settings.topic(),
          settings.replicationFactor());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
      // Created by someone else between describe and create: check what they made.
      verifyTopic(describeTopic().orElseThrow(() -> e));
    }
  }

  /** A second partition would break the total order of ids; deletion would lose schemas. */
  private void verifyTopic(TopicDescription description)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (description.partitions().size() != 1) {
      throw new StoreException(
          "registry topic "
              + settings.topic()
              + " has "
              + description.partitions().size()
              + " partitions; it must have exactly 1 so that ids keep one order",
          false,
          null);
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, settings.topic());
    Config config =
        admin
            .describeConfigs(List.of(resource))
            .all()
            .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .get(resource);
    String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
      throw new StoreException(
          "registry topic "
              + settings.topic()
              + " has cleanup.policy="
              + policy
              + "; it must be exactly 'compact', else old schemas expire",
          false,
          null);
    }
  }

  /**
   * The partition's end offset. Right after the topic was created the broker may not yet know its
   * leader, and Kafka answers with a retriable metadata error; those are retried until the
   * configured timeout, every other error fails at once.
   */
  private long endOffset() {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    long backoffMs = 20;
    while (true) {
      try {
        return admin
            .listOffsets(Map.of(partition, OffsetSpec.latest()))
            .partitionResult(partition)
            .get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS)
            .offset();
      } catch (ExecutionException e) {
        boolean retriable = e.getCause() instanceof RetriableException;
        if (!retriable || remainingMillis(deadline) <= backoffMs) {
          throw new StoreException(
              "cannot read the end of " + settings.topic() + ": " + e.getCause().getMessage(),
              retriable,
              e.getCause());
        }
        log.debug(
            "End of {} not known yet, retrying: {}", settings.topic(), e.getCause().toString());
        try {
          TimeUnit.MILLISECONDS.sleep(backoffMs); // retry backoff
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while reading " + settings.topic(), false, e);
        }
        backoffMs = Math.min(backoffMs * 2, 500);
      } catch (TimeoutException e) {
        throw new StoreException(
            "Kafka did not report the end of " + settings.topic() + " in time", true, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while reading " + settings.topic(), false, e);
      }
    }
  }

  private static long remainingMillis(long deadlineNanos) {
    return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
  }

  private void awaitApplied(long offset) {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    positionLock.lock();
    try {
      while (appliedUpTo < offset) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          throw new StoreException(
              "the registry has read "
                  + settings.topic()
                  + " up to offset "
                  + appliedUpTo
                  + " but needs "
                  + offset
                  + " (waited "
                  + settings.timeout().toMillis()
                  + " ms)"
                  + readerFailure.map(failure -> "; reader: " + failure).orElse(""),
              true,
              null);
        }
        positionAdvanced.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for " + settings.topic(), false, e);
    } finally {
      positionLock.unlock();
    }
  }

  private void readForever() {
    while (running) {
      try {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          applyRecord(record);
        }
        long position = consumer.position(partition);
        readerFailure = Optional.empty();
        advanceTo(position);
      } catch (WakeupException e) {
        // close() woke us up; the loop condition ends the thread.
      } catch (KafkaException e) {
        // The consumer retries broker outages by itself; what reaches here is worth a note, and a
        // short pause keeps a persistent failure from spinning.
        readerFailure = Optional.of(e.toString());
        log.warn("Reading {} failed, retrying: {}", settings.topic(), e.toString());
        pauseAfterFailure();
      }
    }
  }

  private void applyRecord(ConsumerRecord<byte[], byte[]> record) {
    LogEntry entry;
    try {
      entry = codec.decode(record.key(), record.value());
    } catch (IllegalArgumentException e) {
      // A record we cannot read cannot be applied; stopping would take the registry down for
      // good, so skip it loudly. Only a foreign writer can put such a record here.
      malformedRecords.increment();
      log.error(
          "Skipping malformed record at {}-{} offset {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return;
    }
    state.apply(entry);
  }

  private void advanceTo(long position) {
    positionLock.lock();
    try {
      if (position > appliedUpTo) {
        appliedUpTo = position;
        positionAdvanced.signalAll();
      }
    } finally {
      positionLock.unlock();
    }
  }

  private void pauseAfterFailure() {
    positionLock.lock();
    try {
      // Waiting on the condition (not sleeping) lets close() cut the pause short.
      positionAdvanced.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      positionLock.unlock();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    positionLock.lock();
    try {
      positionAdvanced.signalAll();
    } finally {
      positionLock.unlock();
    }
    if (reader.isAlive()) {
      try {
        reader.join(settings.timeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!reader.isAlive()) {
      // KafkaConsumer is single-threaded: close it only once the reader has let go of it.
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    } else {
      log.warn("Reader of {} did not stop in time; leaving its consumer open", settings.topic());
    }
    producer.close(CLOSE_TIMEOUT);
    admin.close(CLOSE_TIMEOUT);
  }
}
