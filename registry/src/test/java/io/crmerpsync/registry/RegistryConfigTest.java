package io.crmerpsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.registry.compat.CompatibilityLevel;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

  @Test
  void shouldUseLoopbackAFreePortTheVersionedTopicAndBackwardByDefault() {
    RegistryConfig config = RegistryConfig.forKafka("127.0.0.1:9092");

    assertThat(config.listenHost()).isEqualTo("127.0.0.1");
    assertThat(config.listenPort()).isZero();
    assertThat(config.topic()).isEqualTo("sync.registry.schemas.v1");
    assertThat(config.defaultCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(config.replicationFactor()).isEqualTo((short) 1);
    assertThat(config.kafkaTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.logSettings().bootstrapServers()).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void shouldParseEverySetting() {
    RegistryConfig config =
        RegistryConfig.from(
            Map.of(
                RegistryConfig.BOOTSTRAP_SERVERS, "k:1",
                RegistryConfig.LISTEN_HOST, "0.0.0.0",
                RegistryConfig.LISTEN_PORT, "8081",
                RegistryConfig.HTTP_THREADS, 2,
                RegistryConfig.TOPIC, "my.schemas",
                RegistryConfig.TOPIC_REPLICATION_FACTOR, "3",
                RegistryConfig.KAFKA_TIMEOUT_MS, "5000",
                RegistryConfig.DEFAULT_COMPATIBILITY, "full_transitive"));

    assertThat(config.listenHost()).isEqualTo("0.0.0.0");
    assertThat(config.listenPort()).isEqualTo(8081);
    assertThat(config.httpThreads()).isEqualTo(2);
    assertThat(config.topic()).isEqualTo("my.schemas");
    assertThat(config.replicationFactor()).isEqualTo((short) 3);
    assertThat(config.kafkaTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.defaultCompatibility()).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
  }

  @Test
  void shouldNameTheMissingBootstrapServers() {
    assertThatThrownBy(() -> RegistryConfig.from(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.kafka.bootstrap.servers");
  }

  @Test
  void shouldNameABadCompatibilityLevelAndListTheAllowedOnes() {
    assertThatThrownBy(
            () ->
                RegistryConfig.from(
                    Map.of(
                        RegistryConfig.BOOTSTRAP_SERVERS, "k:1",
                        RegistryConfig.DEFAULT_COMPATIBILITY, "SIDEWAYS")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.default.compatibility")
        .hasMessageContaining("SIDEWAYS")
        .hasMessageContaining("BACKWARD_TRANSITIVE")
        .hasMessageContaining("FULL_TRANSITIVE");
  }

  @Test
  void shouldNameAPortOutOfRange() {
    assertThatThrownBy(
            () ->
                RegistryConfig.from(
                    Map.of(
                        RegistryConfig.BOOTSTRAP_SERVERS, "k:1",
                        RegistryConfig.LISTEN_PORT, "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.listen.port")
        .hasMessageContaining("70000")
        .hasMessageContaining("65535");
  }

  @Test
  void shouldNameAnIllegalTopicName() {
    assertThatThrownBy(
            () ->
                RegistryConfig.from(
                    Map.of(
                        RegistryConfig.BOOTSTRAP_SERVERS, "k:1",
                        RegistryConfig.TOPIC, "schemas with spaces")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.topic")
        .hasMessageContaining("ASCII letters");
  }

  @Test
  void shouldRejectANonNumericTimeout() {
    assertThatThrownBy(
            () ->
                RegistryConfig.from(
                    Map.of(
                        RegistryConfig.BOOTSTRAP_SERVERS, "k:1",
                        RegistryConfig.KAFKA_TIMEOUT_MS, "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.kafka.timeout.ms");
  }
}
