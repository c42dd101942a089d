package io.crmerpsync.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.streams.topology.Routing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RoutingChoice} against a real KRaft broker: partition counts, records left in an internal
 * topic, aborted transactions, and the offsets moved before an in-task start.
 */
class RoutingChoiceTest {
  private static final AtomicInteger RUN = new AtomicInteger();
  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private Admin admin;
  private String raw;
  private String internal;
  private String group;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @BeforeEach
  void names() {
    int run = RUN.incrementAndGet();
    raw = "raw-" + run;
    internal = "internal-" + run;
    group = "app-" + run;
    admin = Admin.create(clientSettings());
  }

  @AfterEach
  void closeAdmin() {
    admin.close();
  }

  /** raw -> re-key -> internal -> out: the shape of the sync topology's hops. */
  private Topology topology() {
    Topology topology = new Topology();
    topology.addSource("raw-source", raw);
    topology.addSink("internal-sink", internal, "raw-source");
    topology.addSource("internal-source", internal);
    topology.addSink("out-sink", "out-" + raw, "internal-source");
    return topology;
  }

  private Map<String, Object> clientSettings() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
  }

  private RoutingChoice.Choice choose(RoutingSetting setting) {
    return RoutingChoice.choose(setting, topology(), group, admin, clientSettings());
  }

  @Test
  void shouldRouteInTaskWhenEveryTopicReadHasOnePartitionAndNothingIsLeft() {
    kafka.createTopic(raw, 1, Map.of());
    kafka.createTopic(internal, 1, Map.of());

    RoutingChoice.Choice choice = choose(RoutingSetting.AUTO);

    assertThat(choice.routing()).isEqualTo(Routing.IN_TASK);
    assertThat(choice.internalTopics()).containsExactly(internal);
    assertThat(choice.reason()).contains("one partition");
  }

  @Test
  void shouldRouteThroughKafkaWhenATopicReadHasSeveralPartitions() {
    kafka.createTopic(raw, 3, Map.of());
    kafka.createTopic(internal, 1, Map.of());

    RoutingChoice.Choice choice = choose(RoutingSetting.AUTO);

    assertThat(choice.routing()).isEqualTo(Routing.THROUGH_KAFKA);
    assertThat(choice.reason()).contains(raw + "=3");
    assertThatThrownBy(() -> choose(RoutingSetting.IN_TASK))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.topology.routing=in-task")
        .hasMessageContaining(raw + "=3");
  }

  @Test
  void shouldRouteThroughKafkaWhileAnInternalTopicHoldsUnconsumedRecords() throws Exception {
    kafka.createTopic(raw, 1, Map.of());
    kafka.createTopic(internal, 1, Map.of());
    produce(internal, 3, false);
    commit(internal, 2);

    RoutingChoice.Choice choice = choose(RoutingSetting.AUTO);

    assertThat(choice.routing()).isEqualTo(Routing.THROUGH_KAFKA);
    assertThat(choice.reason()).contains(internal + "-0=2").contains("drain");
    assertThatThrownBy(() -> choose(RoutingSetting.IN_TASK))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("would leave them unprocessed")
        .hasMessageContaining(internal);

    commit(internal, 3);
    assertThat(choose(RoutingSetting.AUTO).routing()).isEqualTo(Routing.IN_TASK);
  }

  @Test
  void shouldCountRecordsOfAnInternalTopicNeverConsumedByTheApplication() {
    kafka.createTopic(raw, 1, Map.of());
    kafka.createTopic(internal, 1, Map.of());
    produce(internal, 1, false);

    assertThat(choose(RoutingSetting.AUTO).routing()).isEqualTo(Routing.THROUGH_KAFKA);
  }

  @Test
  void shouldNotCountRecordsOfAbortedTransactions() {
    kafka.createTopic(raw, 1, Map.of());
    kafka.createTopic(internal, 1, Map.of());
    produce(internal, 2, true);

    assertThat(choose(RoutingSetting.AUTO).routing()).isEqualTo(Routing.IN_TASK);
  }

  @Test
  void shouldMoveTheApplicationsOffsetsOfTheInternalTopicsToTheirEnds() throws Exception {
    kafka.createTopic(raw, 1, Map.of());
    kafka.createTopic(internal, 1, Map.of());
    produce(internal, 4, true);
    TopicPartition partition = new TopicPartition(internal, 0);
    // Four aborted records and the abort marker, which the coordinator writes a moment later.
    await().atMost(Duration.ofSeconds(30)).until(() -> endOffset(partition) == 5);

    assertThat(RoutingChoice.skipInternalTopics(admin, group, Set.of(internal))).isTrue();

    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    assertThat(committed.get(partition).offset()).isEqualTo(5);
  }

  @Test
  void shouldRouteThroughKafkaWhenSetWhateverTheTopics() {
    kafka.createTopic(raw, 1, Map.of());
    kafka.createTopic(internal, 1, Map.of());

    RoutingChoice.Choice choice = choose(RoutingSetting.THROUGH_KAFKA);

    assertThat(choice.routing()).isEqualTo(Routing.THROUGH_KAFKA);
    assertThat(choice.reason()).isEqualTo("streams.topology.routing=through-kafka");
  }

  private void produce(String topic, int records, boolean abort) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    if (abort) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "aborting-" + topic);
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      if (abort) {
        producer.initTransactions();
        producer.beginTransaction();
      }
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
      }
      producer.flush();
      if (abort) {
        producer.abortTransaction();
      }
    }
  }

  private long endOffset(TopicPartition partition) throws Exception {
    return admin
        .listOffsets(Map.of(partition, OffsetSpec.latest()))
        .all()
        .get()
        .get(partition)
        .offset();
  }

  private void commit(String topic, long offset) throws Exception {
    admin
        .alterConsumerGroupOffsets(
            group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)))
        .all()
        .get();
  }
}
