package io.crmerpsync.streams.topology;

import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.streams.conflict.MappingFile;
import io.crmerpsync.streams.customer.CustomerFields;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The set-up of the tests with two CRM databases: the first ({@code crm}, raw topics {@code
 * crm.sales.*}) and {@code crm-us} (raw topics {@code crm2.sales.*}), customers matched by email,
 * every field newest-wins.
 */
final class TwoCrmDatabases {
  static final RawTopics EU = RawTopics.of("crm", "sales");
  static final RawTopics US = RawTopics.of("crm2", "sales");
  static final String MAPPING =
      """
      sources: [crm, crm-us, erp]
      entities:
        customer:
          default: {policy: newest-wins}
      """;

  private TwoCrmDatabases() {}

  static EmitSettings settings() {
    return new EmitSettings(
        "crm",
        ErpAction.DEACTIVATE,
        ErpAction.DELETE,
        Duration.ofSeconds(10),
        null,
        MappingFile.parse(MAPPING, "mapping.yaml", Map.of("customer", CustomerFields.POLICY_FIELDS))
            .get("customer"),
        null,
        "email",
        List.of(new EmitSettings.CrmSource("crm-us", US)));
  }

  /**
   * A driver of the whole topology, application id {@code name}, with a fresh state directory under
   * target/two-crm-databases.
   */
  static TopologyTestDriver driver(String name, SchemaRegistryClient registry) throws IOException {
    return driver(name, registry, Routing.THROUGH_KAFKA);
  }

  /** The same, with re-keyed records routed as {@code routing} says. */
  static TopologyTestDriver driver(String name, SchemaRegistryClient registry, Routing routing)
      throws IOException {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, name);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "two-crm-databases")), name)
            .toString());
    return new TopologyTestDriver(
        SyncTopology.build(
            EU,
            settings(),
            ErpStatusSources.none(),
            registry,
            new SyncMetrics(new SimpleMeterRegistry()),
            routing),
        props);
  }

  /** The Avro records of {@code topic}, keyed by string. */
  static <T extends SpecificRecord> TestOutputTopic<String, T> avroOutput(
      TopologyTestDriver driver, String topic, SchemaRegistryClient registry, Class<T> type) {
    return driver.createOutputTopic(
        topic, new StringDeserializer(), AvroWireSerde.forValues(registry, type).deserializer());
  }
}
