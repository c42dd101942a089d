package io.crmerpsync.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

  private static final Path DATA = Path.of("target", "embedded-kafka-test");

  @Test
  void shouldDeliverAProducedRecordToAConsumerAndKeepItAcrossARestart() throws Exception {
    org.apache.commons.io.FileUtils.deleteDirectory(DATA.toFile());
    try (EmbeddedKafka kafka = EmbeddedKafka.start(DATA)) {
      kafka.createTopic("smoke.v1", 2, Map.of("cleanup.policy", "compact"));
      kafka.createTopic("smoke.v1", 2, Map.of("cleanup.policy", "compact"));
      try (KafkaProducer<String, String> producer = producer(kafka)) {
        producer.send(new ProducerRecord<>("smoke.v1", "k1", "hello")).get();
      }
      assertThat(readAll(kafka, "smoke.v1", 1)).containsExactly("k1=hello");
      kafka.close();
    }

    long started = System.nanoTime();
    try (EmbeddedKafka again = EmbeddedKafka.start(DATA)) {
      System.out.printf(
          "embedded Kafka restart on kept data took %d ms%n",
          (System.nanoTime() - started) / 1_000_000);
      assertThat(readAll(again, "smoke.v1", 1)).containsExactly("k1=hello");
    }
  }

  @Test
  void shouldCommitATransactionOnASingleNode() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("target", "embedded-kafka-tx"))) {
      kafka.createTopic("tx.v1", 1, Map.of());
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                  "smoke-tx"),
              new StringSerializer(),
              new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx.v1", "k", "committed"));
        producer.commitTransaction();
      }
      assertThat(readAll(kafka, "tx.v1", 1)).contains("k=committed");
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        new StringSerializer());
  }

  private static List<String> readAll(EmbeddedKafka kafka, String topic, int expected) {
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "smoke-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          seen.add(r.key() + "=" + r.value());
        }
      }
    }
    return seen;
  }
}
