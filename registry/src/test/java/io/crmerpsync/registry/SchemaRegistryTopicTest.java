package io.crmerpsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.registry.store.StoreException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry's topic: how it is created, which topics it refuses, what it does with junk. */
class SchemaRegistryTopicTest {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(TestDirs.fresh("registry-topic-kafka"));
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldCreateItsTopicCompactedWithOnePartitionAndListenOnAFreeLoopbackPort()
      throws Exception {
    try (SchemaRegistryServer server =
            start("test.registry.created.v1", new SimpleMeterRegistry());
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicDescription topic =
          admin
              .describeTopics(List.of("test.registry.created.v1"))
              .allTopicNames()
              .get()
              .get("test.registry.created.v1");
      ConfigResource resource =
          new ConfigResource(ConfigResource.Type.TOPIC, "test.registry.created.v1");
      String policy =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get()
              .get(resource)
              .get("cleanup.policy")
              .value();

      assertThat(server.baseUri().toString()).isEqualTo("http://127.0.0.1:" + server.port());
      assertThat(server.port()).isPositive();
      assertThat(topic.partitions()).hasSize(1);
      assertThat(policy).isEqualTo("compact");
    }
  }

  @Test
  void shouldRefuseATopicWithMoreThanOnePartition() {
    kafka.createTopic("test.registry.two-partitions", 2, Map.of("cleanup.policy", "compact"));

    assertThatThrownBy(() -> start("test.registry.two-partitions", new SimpleMeterRegistry()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("test.registry.two-partitions has 2 partitions");
  }

  @Test
  void shouldRefuseATopicThatDeletesOldRecords() {
    kafka.createTopic("test.registry.deleting", 1, Map.of("cleanup.policy", "delete"));

    assertThatThrownBy(() -> start("test.registry.deleting", new SimpleMeterRegistry()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cleanup.policy=delete");
  }

  @Test
  void shouldSkipAndCountRecordsItCannotReadAndServeTheRest() throws Exception {
    String topic = "test.registry.with-junk.v1";
    try (SchemaRegistryServer first = start(topic, new SimpleMeterRegistry())) {
      new RegistryHttp(first.baseUri()).register("crm.orders-value", "\"string\"");
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "not json", "junk")).get();
      producer.send(new ProducerRecord<>(topic, "{\"keytype\":\"NOOP\"}", "{}")).get();
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    try (SchemaRegistryServer second = start(topic, meters)) {
      RegistryHttp http = new RegistryHttp(second.baseUri());

      assertThat(meters.get("registry.store.malformed.records").counter().count()).isEqualTo(2.0);
      assertThat(http.get("/subjects/crm.orders-value/versions/1").body().path("schema").asText())
          .isEqualTo("\"string\"");
      assertThat(http.register("crm.orders-value", "\"long\"").status())
          .as("BACKWARD refuses string -> long, proving the earlier version was read")
          .isEqualTo(409);
      assertThat(
              http.put(
                      "/config/" + RegistryHttp.encode("crm.orders-value"),
                      "{\"compatibility\":\"NONE\"}")
                  .status())
          .isEqualTo(200);
      assertThat(http.register("crm.orders-value", "\"long\"").body().path("id").asInt())
          .isEqualTo(2);
    }
  }

  private static SchemaRegistryServer start(String topic, SimpleMeterRegistry meters) {
    return SchemaRegistryServer.start(
        RegistryConfig.from(
            Map.of(
                RegistryConfig.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(),
                RegistryConfig.TOPIC,
                topic)),
        meters);
  }
}
