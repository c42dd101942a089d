package io.crmerpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.schemas.wire.SchemaRegistryException;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application registers the schema of every topic it writes in the wire format before its
 * topology runs (StreamsApp), against the project's registry on a real broker.
 */
class OutputSchemasTest {
  private static final RawTopics RAW = RawTopics.of("crm", "sales");
  private static final ErpStatusSources STATUS =
      ErpStatusSources.of("erp.erp.customer_iface", "erp.erp.order_iface");
  private static final Set<String> NOT_AVRO =
      Set.of(Topics.DEAD_LETTER, Topics.CONFLICTS, Topics.INCOMPLETE_TRANSACTIONS);

  private static RealRegistry realRegistry;

  @BeforeAll
  static void startRegistry() throws Exception {
    realRegistry = RealRegistry.start("output-schemas-test");
  }

  @AfterAll
  static void stopRegistry() {
    realRegistry.close();
  }

  @Test
  void namesEveryTopicTheTopologyWritesInTheWireFormat() {
    for (ErpStatusSources status : List.of(STATUS, ErpStatusSources.none())) {
      Topology topology =
          SyncTopology.build(
              RAW,
              EmitSettings.realtime(
                  "crm", ErpAction.DEACTIVATE, ErpAction.DELETE, Duration.ofSeconds(10)),
              status,
              realRegistry.client(),
              new SyncMetrics(new SimpleMeterRegistry()));
      Set<String> wireFormatSinks =
          TopologyTopics.of(topology, false, true).stream()
              .filter(topic -> !NOT_AVRO.contains(topic) && !topic.startsWith("sync.internal."))
              .collect(Collectors.toSet());

      assertThat(SyncTopology.outputSchemas(status).keySet())
          .as("a sink added in the wire format must be registered at the start, or listed here")
          .containsExactlyInAnyOrderElementsOf(wireFormatSinks);
    }
    assertThat(SyncTopology.outputSchemas(STATUS)).containsKey(Topics.ERP_STATUS);
    assertThat(SyncTopology.outputSchemas(ErpStatusSources.none()))
        .doesNotContainKey(Topics.ERP_STATUS);
  }

  @Test
  void registersThemAllBeforeTheFirstRecord() throws Exception {
    SyncTopology.registerOutputSchemas(realRegistry.client(), STATUS);

    String url = ((RestSchemaRegistryClient) realRegistry.client()).baseUrl();
    assertThat(subjects(url))
        .containsAll(
            SyncTopology.outputSchemas(STATUS).keySet().stream()
                .map(AvroWireSerde::valueSubject)
                .toList());
  }

  @Test
  void anIncompatibleEarlierSchemaStopsTheStartNamingTopicAndSubject() throws Exception {
    try (RealRegistry own = RealRegistry.start("output-schemas-refused-test")) {
      SchemaRegistryClient registry = own.client();
      String subject = AvroWireSerde.valueSubject(Topics.CANONICAL_ORDERS);
      registry.setCompatibility(subject, "BACKWARD_TRANSITIVE");
      Schema earlier =
          SchemaBuilder.record("Order")
              .namespace("io.crmerpsync.schemas.canonical")
              .fields()
              .requiredString("unrelated")
              .endRecord();
      registry.register(subject, earlier);

      assertThatThrownBy(() -> SyncTopology.registerOutputSchemas(registry, STATUS))
          .isInstanceOf(IllegalStateException.class)
          .hasCauseInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining("of the values of " + Topics.CANONICAL_ORDERS)
          .hasMessageContaining("(subject " + subject + ")")
          .hasMessageContaining("io.crmerpsync.schemas.canonical.Order")
          .hasMessageContaining("incompatible with the versions the subject holds");
    }
  }

  private static List<String> subjects(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> subjects = new ArrayList<>();
    new ObjectMapper().readTree(response.body()).forEach(s -> subjects.add(s.asText()));
    return subjects;
  }
}
