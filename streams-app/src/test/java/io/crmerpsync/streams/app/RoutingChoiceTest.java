package io.crmerpsync.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.streams.topology.Routing;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RoutingChoice} against a real KRaft broker: the partition counts of the topics read. */
class RoutingChoiceTest {
  private static final AtomicInteger RUN = new AtomicInteger();
  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private Admin admin;
  private String raw;
  private String internal;

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
    return RoutingChoice.choose(setting, topology(), admin);
  }

  @Test
  void shouldRouteInTaskWhenEveryTopicReadHasOnePartition() {
    kafka.createTopic(raw, 1, Map.of());
    kafka.createTopic(internal, 1, Map.of());

    RoutingChoice.Choice choice = choose(RoutingSetting.AUTO);

    assertThat(choice.routing()).isEqualTo(Routing.IN_TASK);
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
  void shouldRouteInTaskWhenSetAndEveryTopicReadHasOnePartition() {
    kafka.createTopic(raw, 1, Map.of());
    kafka.createTopic(internal, 1, Map.of());

    RoutingChoice.Choice choice = choose(RoutingSetting.IN_TASK);

    assertThat(choice.routing()).isEqualTo(Routing.IN_TASK);
    assertThat(choice.reason()).contains("streams.topology.routing=in-task");
  }

  @Test
  void shouldRouteThroughKafkaWhenSetWhateverTheTopics() {
    kafka.createTopic(raw, 1, Map.of());
    kafka.createTopic(internal, 1, Map.of());

    RoutingChoice.Choice choice = choose(RoutingSetting.THROUGH_KAFKA);

    assertThat(choice.routing()).isEqualTo(Routing.THROUGH_KAFKA);
    assertThat(choice.reason()).isEqualTo("streams.topology.routing=through-kafka");
  }
}
