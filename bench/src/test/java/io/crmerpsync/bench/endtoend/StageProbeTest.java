package io.crmerpsync.bench.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmerpsync.embedded.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageProbeTest {
  private static final String TOPIC = "stage-probe-test";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createTopic(TOPIC, 1, Map.of());
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldSeeAChangeOnlyOnceItsTransactionCommittedAndOnlyTheRunsOwn() throws Exception {
    StageProbe.Stage stage =
        new StageProbe.Stage(
            "test stage",
            TOPIC,
            value -> Long.parseLong(new String(value, StandardCharsets.UTF_8)));
    try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
      producer.initTransactions();
      // Written before the probe starts: not the run's, however readable.
      send(producer, 100);

      StageProbe probe = StageProbe.start(kafka.bootstrapServers(), stage, 100, 3);
      long[] seen;
      try {
        producer.beginTransaction();
        producer.send(record(101));
        producer.send(record(7)); // below the run's first number: not the run's
        producer.send(record(103)); // beyond its three changes: not the run's
        producer.flush();
        // In the log, their transaction open: a read_committed reader must not see them yet.
        await()
            .during(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(5))
            .until(() -> probe.seenCount() == 0);
        long beforeCommit = System.nanoTime();
        producer.commitTransaction();
        send(producer, 102);
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.seenCount() == 2);
        seen = probe.stop();

        assertThat(seen[0]).as("written before the probe started").isZero();
        assertThat(seen[1]).as("101, committed").isGreaterThan(beforeCommit);
        assertThat(seen[2]).as("102, committed after 101").isGreaterThanOrEqualTo(seen[1]);
      } finally {
        probe.close();
      }
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, long seq) {
    producer.beginTransaction();
    producer.send(record(seq));
    producer.commitTransaction();
  }

  private static ProducerRecord<byte[], byte[]> record(long seq) {
    return new ProducerRecord<>(TOPIC, Long.toString(seq).getBytes(StandardCharsets.UTF_8));
  }

  private static KafkaProducer<byte[], byte[]> transactionalProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "stage-probe-test"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
