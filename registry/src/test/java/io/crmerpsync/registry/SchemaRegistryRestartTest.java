package io.crmerpsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.registry.RegistryHttp.Answer;
import io.crmerpsync.registry.store.StoreException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Durability: everything the registry answered survives its own restart and Kafka's. */
class SchemaRegistryRestartTest {

  private static final String ORDER_V1 =
      "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"crm\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"}]}";
  private static final String ORDER_V2 =
      "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"crm\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},"
          + "{\"name\":\"total\",\"type\":\"double\",\"default\":0.0}]}";
  private static final String CUSTOMER =
      "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"crm\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"}]}";
  private static final String LINE =
      "{\"type\":\"record\",\"name\":\"Line\",\"namespace\":\"crm\",\"fields\":["
          + "{\"name\":\"sku\",\"type\":\"string\"}]}";

  /** What a client saw before the restarts, to compare with after. */
  private record Seen(int orderV1, int orderV2, int customer) {}

  @Test
  void shouldServeTheSameSchemasIdsAndSettingsAfterARegistryRestartAndAKafkaRestart() {
    Path dataDir = TestDirs.fresh("registry-restart-kafka");
    Seen seen;
    EmbeddedKafka kafka = EmbeddedKafka.start(dataDir);
    try {
      try (SchemaRegistryServer first = start(kafka)) {
        seen = registerSome(new RegistryHttp(first.baseUri()));
      }
      try (SchemaRegistryServer second = start(kafka)) {
        assertSameAsBefore(new RegistryHttp(second.baseUri()), seen);
      }
    } finally {
      kafka.close();
    }

    EmbeddedKafka restartedKafka = EmbeddedKafka.start(dataDir);
    try (SchemaRegistryServer third = start(restartedKafka)) {
      RegistryHttp http = new RegistryHttp(third.baseUri());
      assertSameAsBefore(http, seen);

      int next = http.register("crm.lines-value", LINE).body().path("id").asInt();
      assertThat(next)
          .as("a new schema gets an id never used before")
          .isEqualTo(Math.max(seen.orderV2(), seen.customer()) + 1);
    } finally {
      restartedKafka.close();
    }
  }

  @Test
  void shouldAnswerWritesWith50002WhileKafkaIsDownAndKeepServingReads() {
    EmbeddedKafka kafka = EmbeddedKafka.start(TestDirs.fresh("registry-outage-kafka"));
    SchemaRegistryServer server;
    try {
      server =
          SchemaRegistryServer.start(
              RegistryConfig.from(
                  Map.of(
                      RegistryConfig.BOOTSTRAP_SERVERS,
                      kafka.bootstrapServers(),
                      RegistryConfig.KAFKA_TIMEOUT_MS,
                      "2000")),
              new SimpleMeterRegistry());
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    try (server) {
      RegistryHttp http = new RegistryHttp(server.baseUri());
      int id = http.register("crm.orders-value", ORDER_V1).body().path("id").asInt();
      kafka.close();

      Answer refused = http.register("crm.customers-value", CUSTOMER);

      assertThat(refused.status()).isEqualTo(500);
      assertThat(refused.errorCode()).isEqualTo(50002);
      assertThat(refused.message()).contains("sync.registry.schemas.v1");
      assertThat(http.get("/schemas/ids/" + id).body().path("schema").asText()).isEqualTo(ORDER_V1);
      assertThat(http.get("/subjects").body().toString()).isEqualTo("[\"crm.orders-value\"]");
    } finally {
      kafka.close();
    }
  }

  @Test
  void shouldFailFastWithAClearMessageWhenKafkaIsUnreachable() {
    RegistryConfig config =
        RegistryConfig.from(
            Map.of(
                RegistryConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                RegistryConfig.KAFKA_TIMEOUT_MS, "2000"));
    long started = System.nanoTime();

    assertThatThrownBy(() -> SchemaRegistryServer.start(config, new SimpleMeterRegistry()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1:1");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  private static Seen registerSome(RegistryHttp http) {
    int orderV1 = http.register("crm.orders-value", ORDER_V1).body().path("id").asInt();
    int orderV2 = http.register("crm.orders-value", ORDER_V2).body().path("id").asInt();
    int customer = http.register("crm.customers-value", CUSTOMER).body().path("id").asInt();
    http.register("crm.customers-copy-value", CUSTOMER);
    http.register("crm.retired-value", ORDER_V1);
    assertThat(http.delete("/subjects/crm.retired-value").status()).isEqualTo(200);
    assertThat(http.put("/config/crm.orders-value", "{\"compatibility\":\"FULL\"}").status())
        .isEqualTo(200);
    assertThat(http.put("/config", "{\"compatibility\":\"FORWARD\"}").status()).isEqualTo(200);
    return new Seen(orderV1, orderV2, customer);
  }

  private static void assertSameAsBefore(RegistryHttp http, Seen seen) {
    assertThat(http.get("/subjects").body().toString())
        .isEqualTo("[\"crm.customers-copy-value\",\"crm.customers-value\",\"crm.orders-value\"]");
    assertThat(http.get("/subjects/crm.orders-value/versions").body().toString())
        .isEqualTo("[1,2]");
    Answer latest = http.get("/subjects/crm.orders-value/versions/latest");
    assertThat(latest.body().path("id").asInt()).isEqualTo(seen.orderV2());
    assertThat(latest.body().path("version").asInt()).isEqualTo(2);
    assertThat(http.get("/schemas/ids/" + seen.orderV1()).body().path("schema").asText())
        .isEqualTo(ORDER_V1);
    assertThat(http.get("/subjects/crm.customers-copy-value/versions/1").body().path("id").asInt())
        .isEqualTo(seen.customer());
    assertThat(http.get("/subjects/crm.retired-value/versions").errorCode()).isEqualTo(40401);
    assertThat(http.get("/config/crm.orders-value").body().path("compatibilityLevel").asText())
        .isEqualTo("FULL");
    assertThat(http.get("/config").body().path("compatibilityLevel").asText()).isEqualTo("FORWARD");
    assertThat(http.register("crm.orders-value", ORDER_V2).body().path("id").asInt())
        .as("registering a known schema again changes nothing")
        .isEqualTo(seen.orderV2());
    assertThat(http.get("/subjects/crm.orders-value/versions").body().toString())
        .isEqualTo("[1,2]");
  }

  private static SchemaRegistryServer start(EmbeddedKafka kafka) {
    return start(kafka, RegistryConfig.DEFAULT_TOPIC);
  }

  private static SchemaRegistryServer start(EmbeddedKafka kafka, String topic) {
    return SchemaRegistryServer.start(
        RegistryConfig.from(
            Map.of(
                RegistryConfig.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(),
                RegistryConfig.TOPIC,
                topic)),
        new SimpleMeterRegistry());
  }
}
