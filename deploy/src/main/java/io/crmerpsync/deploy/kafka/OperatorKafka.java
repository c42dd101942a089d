package io.crmerpsync.deploy.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the operators' commands share to read the pipeline's topics: a consumer without a group that
 * reads committed records only and never creates a topic, and failures an operator can act on
 * ({@link IllegalStateException} naming the cluster, the topic and the time waited).
 */
public final class OperatorKafka {
  private final String bootstrapServers;
  private final Duration timeout;

  public OperatorKafka(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Duration timeout() {
    return timeout;
  }

  /** A consumer of string keys and raw values, read_committed, no group, no auto-created topic. */
  public KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Asking for a missing topic must not create it with the broker's default partition count.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * The settings of a producer of operators' records: acknowledged by every replica, idempotent,
   * blocking no longer than the timeout for metadata or buffer space.
   */
  public Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    return config;
  }

  /** Whether {@code topic} exists on the cluster. */
  public boolean hasTopic(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
      return partitions != null && !partitions.isEmpty();
    }
  }

  /** The partitions of {@code topic}; a missing topic is an error that says who creates it. */
  public List<PartitionInfo> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
    if (partitions == null || partitions.isEmpty()) {
      throw new IllegalStateException(
          "topic "
              + topic
              + " does not exist on "
              + bootstrapServers
              + ": the streams application creates it when it starts (is it this cluster?)");
    }
    return partitions;
  }

  /** True once {@code consumer} has read every partition of {@code ends} up to its end offset. */
  public static boolean reachedEnds(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks that {@code topic} has the partition count of {@code keyedLike}, whose keys it shares,
   * so that {@code what} (a record of {@code topic}) reaches the task that holds its key; the error
   * says how to repair it.
   */
  public void requireCoPartitioned(String topic, String keyedLike, String what) {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      int partitions = partitionsOf(consumer, topic).size();
      int expected = partitionsOf(consumer, keyedLike).size();
      if (partitions != expected) {
        throw new IllegalStateException(
            topic
                + " has "
                + partitions
                + " partitions but "
                + keyedLike
                + " has "
                + expected
                + ": "
                + what
                + " would not meet the state it is about; recreate "
                + topic
                + " with "
                + expected
                + " partitions");
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw unreachable(e);
    }
  }

  /**
   * The latest value of every key of {@code topic} (null for a tombstone), read whole from its
   * start to its end offsets as they were when reading began, in the order keys were first seen;
   * {@code progress} is told the number of records read every 10,000. Fails when no record arrives
   * for the timeout.
   */
  public Map<String, byte[]> latestByKey(String topic, LongConsumer progress) {
    Map<String, byte[]> latest = new LinkedHashMap<>();
    forEachRecord(topic, latest::put, progress);
    return latest;
  }

  /**
   * Hands every keyed record of {@code topic} to {@code action} (key, value; null for a tombstone),
   * read whole from its start to its end offsets as they were when reading began, in each
   * partition's order; {@code progress} is told the number of records read every 10,000. Fails when
   * no record arrives for the timeout. For readers that keep less than the records.
   */
  public void forEachRecord(
      String topic, java.util.function.BiConsumer<String, byte[]> action, LongConsumer progress) {
    long read = 0;
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : partitionsOf(consumer, topic)) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      long lastRecordAt = System.nanoTime();
      while (!reachedEnds(consumer, ends)) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
        if (batch.isEmpty()) {
          if (System.nanoTime() - lastRecordAt > timeout.toNanos()) {
            throw new IllegalStateException(
                "no progress reading "
                    + topic
                    + " for "
                    + seconds()
                    + " (read "
                    + read
                    + " records)");
          }
          continue;
        }
        lastRecordAt = System.nanoTime();
        for (ConsumerRecord<String, byte[]> record : batch) {
          if (record.key() != null) {
            action.accept(record.key(), record.value());
          }
          if (++read % 10_000 == 0) {
            progress.accept(read);
          }
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw unreachable(e);
    }
  }

  /** The error for a cluster that did not answer within the timeout. */
  public IllegalStateException unreachable(Exception e) {
    return new IllegalStateException(
        "cannot reach Kafka at "
            + bootstrapServers
            + " within "
            + seconds()
            + " (check --bootstrap-servers and that the brokers are up)",
        e);
  }

  /** The timeout as an operator reads it, e.g. "15 s". */
  public String seconds() {
    return timeout.toSeconds() + " s";
  }
}
