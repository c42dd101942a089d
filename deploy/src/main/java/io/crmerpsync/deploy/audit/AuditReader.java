package io.crmerpsync.deploy.audit;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.audit.AuditEvent;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the audit trail of one row from {@code sync.audit.v1}. Only the partition the key hashes to
 * is read (the default partitioner's murmur2), from its start to its current end, without a
 * consumer group; the audit topic is time-retained, so this is bounded by the retention.
 */
public final class AuditReader {
  private final String bootstrapServers;
  private final AvroWireSerde<AuditEvent> serde;

  public AuditReader(String bootstrapServers, SchemaRegistryClient registry) {
    this.bootstrapServers = bootstrapServers;
    this.serde = AvroWireSerde.forValues(registry, AuditEvent.class);
  }

  /** Every audit event of the row {@code key} (primary key JSON) of {@code table}, oldest first. */
  public List<AuditEvent> eventsOf(String table, String key) {
    String auditKey = Topics.auditKey(table, key);
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<AuditEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> partitions = consumer.partitionsFor(Topics.AUDIT, Duration.ofSeconds(30));
      if (partitions == null || partitions.isEmpty()) {
        throw new IllegalStateException(
            "topic " + Topics.AUDIT + " does not exist on " + bootstrapServers);
      }
      int partition =
          Utils.toPositive(Utils.murmur2(auditKey.getBytes(StandardCharsets.UTF_8)))
              % partitions.size();
      TopicPartition topicPartition = new TopicPartition(Topics.AUDIT, partition);
      consumer.assign(List.of(topicPartition));
      consumer.seekToBeginning(List.of(topicPartition));
      long end = consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
      while (consumer.position(topicPartition) < end) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (auditKey.equals(record.key()) && record.value() != null) {
            events.add(serde.deserialize(Topics.AUDIT, record.value()));
          }
        }
      }
    }
    return events;
  }
}
