package io.crmerpsync.cdc.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Test reader: collects every record of some raw topics from the beginning, parsed as JSON. */
final class RawTopicReader implements AutoCloseable {

  /** One raw topic record as the streams app would see it. */
  record Raw(String topic, long offset, JsonNode key, JsonNode value) {
    String op() {
      return value.path("op").asText();
    }

    JsonNode position() {
      return value.path("position");
    }

    /** The Connect source offset (file, pos, event, row) as one comparable string. */
    String offsetKey() {
      JsonNode p = position();
      return String.format(
          "%s/%012d/%06d/%06d",
          p.path("file").asText(),
          p.path("pos").asLong(),
          p.path("event").asLong(),
          p.path("row").asInt());
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<Raw> seen = new ArrayList<>();

  RawTopicReader(String bootstrapServers, List<String> topics) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "raw-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(topics);
  }

  /** Polls once and returns everything seen so far. */
  List<Raw> poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      seen.add(new Raw(r.topic(), r.offset(), parse(r.key()), parse(r.value())));
    }
    return List.copyOf(seen);
  }

  List<Raw> poll(String topic) {
    return poll().stream().filter(r -> r.topic().equals(topic)).toList();
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return bytes == null ? null : MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
