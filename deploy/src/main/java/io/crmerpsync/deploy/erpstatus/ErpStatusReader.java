package io.crmerpsync.deploy.erpstatus;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpImportStatus;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the latest import status per entity from {@code sync.erp-status.v1}, without a consumer
 * group: the whole topic, or for one key only the partition it hashes to (the default partitioner's
 * murmur2). The topic is compacted, so this is bounded by the number of entities. Every failure is
 * an {@link IllegalStateException} whose message an operator can act on.
 */
public final class ErpStatusReader {
  private final String bootstrapServers;
  private final AvroWireSerde<ErpImportStatus> serde;
  private final Duration timeout;

  public ErpStatusReader(String bootstrapServers, SchemaRegistryClient registry, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.serde = AvroWireSerde.forValues(registry, ErpImportStatus.class);
    this.timeout = timeout;
  }

  /**
   * The latest status of every entity, by key ({@code customer:42}) in key order; with {@code key}
   * not null, of that entity only.
   */
  public Map<String, ErpImportStatus> latest(String key) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    Map<String, ErpImportStatus> latest = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = partitionsToRead(consumer, key);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnds(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + Topics.ERP_STATUS + " to its end within " + timeout);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (key != null && !key.equals(record.key())) {
            continue;
          }
          if (record.value() == null) {
            latest.remove(record.key());
          } else {
            latest.put(record.key(), serde.deserialize(record.topic(), record.value()));
          }
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " did not answer within " + timeout, e);
    }
    return latest;
  }

  private List<TopicPartition> partitionsToRead(
      KafkaConsumer<String, byte[]> consumer, String key) {
    List<PartitionInfo> infos = consumer.partitionsFor(Topics.ERP_STATUS);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException(
          "topic "
              + Topics.ERP_STATUS
              + " does not exist on "
              + bootstrapServers
              + " (the streams application creates it when erp.status.customers.topic or"
              + " erp.status.orders.topic is set)");
    }
    if (key == null) {
      return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }
    int partition =
        Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % infos.size();
    return List.of(new TopicPartition(Topics.ERP_STATUS, partition));
  }

  private static boolean reachedEnds(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
