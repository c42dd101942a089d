package io.crmerpsync.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmerpsync.embedded.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code replay} against a real KRaft broker: an input topic whose records carry two times an hour
 * apart, and application positions committed at its end.
 */
class ReplayCommandTest {
  private static final String TOPIC = "crm.sales.customers";
  private static final Instant FIRST = Instant.parse("2026-11-26T08:00:00Z");
  private static final Instant SECOND = FIRST.plus(Duration.ofHours(1));
  private static EmbeddedKafka kafka;
  private static Admin admin;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void startKafka() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "replay-cli"));
    kafka = EmbeddedKafka.start(Files.createTempDirectory(dir, "kafka"));
    kafka.createTopic(TOPIC, 2, Map.of());
    admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    // Per partition: five records at FIRST, then five an hour later (offsets 0-4 and 5-9).
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int partition = 0; partition < 2; partition++) {
        for (int i = 0; i < 10; i++) {
          Instant at = i < 5 ? FIRST : SECOND;
          producer.send(new ProducerRecord<>(TOPIC, partition, at.toEpochMilli(), "k" + i, "v"));
        }
      }
      producer.flush();
    }
  }

  @AfterAll
  static void stopKafka() {
    admin.close();
    kafka.close();
  }

  @Test
  void shouldPrintThePlanAndChangeNothingWithoutExecute() throws Exception {
    commit("app-dry", 10, 10);

    int code = run("--application-id", "app-dry", "--to-datetime", "2026-11-26T08:30:00Z");

    assertThat(code).as(errors()).isZero();
    assertThat(output())
        .contains(TOPIC + "-0: 10 -> 5 (5 records again)")
        .contains(TOPIC + "-1: 10 -> 5 (5 records again)")
        .contains("dry run: 10 records would be processed again");
    assertThat(committed("app-dry")).containsExactly(10L, 10L);
  }

  @Test
  void shouldRewindToTheFirstRecordAtOrAfterTheTimeWithExecute() throws Exception {
    commit("app-run", 10, 10);

    int code =
        run("--application-id", "app-run", "--to-datetime", "2026-11-26T08:30:00Z", "--execute");

    assertThat(code).as(errors()).isZero();
    assertThat(output()).contains("rewound: 10 records are processed again");
    assertThat(committed("app-run")).containsExactly(5L, 5L);
  }

  @Test
  void shouldNeverMoveAPositionForward() throws Exception {
    commit("app-behind", 3, 10);

    int code =
        run("--application-id", "app-behind", "--to-datetime", "2026-11-26T08:30:00Z", "--execute");

    assertThat(code).as(errors()).isZero();
    assertThat(output()).contains(TOPIC + "-0: 3 -> 3 (0 records again)");
    assertThat(committed("app-behind")).containsExactly(3L, 5L);
  }

  @Test
  void shouldRefuseWhileTheApplicationRuns() throws Exception {
    try (KafkaConsumer<String, String> running =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", "app-live"),
            new StringDeserializer(),
            new StringDeserializer())) {
      running.subscribe(List.of(TOPIC));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                running.poll(Duration.ofMillis(100));
                return !running.assignment().isEmpty();
              });
      running.commitSync();

      int code =
          run("--application-id", "app-live", "--to-datetime", "2026-11-26T08:30:00Z", "--execute");

      assertThat(code).isEqualTo(1);
      assertThat(errors()).contains("application app-live is running").contains("stop every");
    }
  }

  @Test
  void shouldRefuseInternalTopicsAndABadTimeNamingThem() {
    assertThat(
            run(
                "--topics",
                "sync.internal.customer-changes.v1",
                "--to-datetime",
                "2026-11-26T08:30:00Z"))
        .isEqualTo(2);
    assertThat(errors()).contains("sync.internal.customer-changes.v1 is an internal topic");
    assertThat(run("--to-datetime", "yesterday")).isEqualTo(2);
    assertThat(errors())
        .contains("--to-datetime must be an ISO-8601 UTC time")
        .contains("'yesterday'");
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of("replay"));
    all.addAll(List.of(args));
    if (!all.contains("--topics")) {
      all.addAll(List.of("--topics", TOPIC));
    }
    all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers()));
    return Main.commandLine(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(all.toArray(String[]::new));
  }

  private static void commit(String group, long first, long second) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    offsets.put(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(first));
    offsets.put(new TopicPartition(TOPIC, 1), new OffsetAndMetadata(second));
    admin.alterConsumerGroupOffsets(group, offsets).all().get();
  }

  private static List<Long> committed(String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return List.of(
        offsets.get(new TopicPartition(TOPIC, 0)).offset(),
        offsets.get(new TopicPartition(TOPIC, 1)).offset());
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
