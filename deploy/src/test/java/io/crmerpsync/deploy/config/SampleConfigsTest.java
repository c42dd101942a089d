package io.crmerpsync.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.registry.RegistryConfig;
import io.crmerpsync.streams.app.StreamsAppConfig;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample configuration files that ship in deploy/config are valid for their component. */
class SampleConfigsTest {
  private static final Path CONFIG = Path.of("config");

  private static Map<String, String> load(
      String file, org.apache.kafka.common.config.ConfigDef def) {
    return SettingsLoader.load(CONFIG.resolve(file), Map.of(), def);
  }

  @Test
  void shouldShipAValidCrmCaptureConfig() {
    CdcSourceConfig config =
        new CdcSourceConfig(load("cdc-source.properties", CdcSourceConfig.configDef()));
    assertThat(config.rawTopic("customers")).isEqualTo("crm.sales.customers");
  }

  @Test
  void shouldShipValidErpCaptureConfigsWhoseTopicsTheStreamsConfigReads() {
    CdcSourceConfig erp =
        new CdcSourceConfig(load("erp-capture.properties", CdcSourceConfig.configDef()));
    CdcSourceConfig status =
        new CdcSourceConfig(load("erp-status-capture.properties", CdcSourceConfig.configDef()));
    Map<String, String> streams = load("streams.properties", StreamsAppConfig.DEFINITION);

    assertThat(erp.rawTopic("customer_master"))
        .isEqualTo(streams.get(StreamsAppConfig.ERP_CUSTOMERS_TOPIC));
    assertThat(erp.rawTopic("order_master"))
        .isEqualTo(streams.get(StreamsAppConfig.ERP_ORDERS_TOPIC));
    assertThat(status.rawTopic("customer_iface"))
        .isEqualTo(streams.get(StreamsAppConfig.ERP_STATUS_CUSTOMERS_TOPIC));
    assertThat(status.rawTopic("order_iface"))
        .isEqualTo(streams.get(StreamsAppConfig.ERP_STATUS_ORDERS_TOPIC));
    assertThat(new StreamsAppConfig(streams).applicationId()).isEqualTo("crm-erp-sync");
    // Two captures of one database: each its own slot, publication and offsets.
    assertThat(status.pgSlotName()).isNotEqualTo(erp.pgSlotName());
    assertThat(status.pgPublicationName()).isNotEqualTo(erp.pgPublicationName());
    assertThat(status.name()).isNotEqualTo(erp.name());
    // The masters' inserts are changes; of the interface tables only the importer's updates are.
    assertThat(erp.pgPublish()).contains("insert", "update", "delete");
    assertThat(status.pgPublish()).containsExactly("update", "delete");
    // The interface tables keep the columns the status reports read, as the embedded default.
    assertThat(status.columnsIncludedByTable())
        .containsOnlyKeys("customer_iface", "order_iface")
        .allSatisfy(
            (table, columns) ->
                assertThat(columns)
                    .containsExactlyInAnyOrderElementsOf(ErpStatusSources.COLUMNS_READ));
  }

  @Test
  void shouldCreateEveryTopicOfTheSamplesWithOnePartitionCount() {
    // The streams application's one sub-topology needs the same count on every topic it reads
    // (architecture.md, Scale); the captures create the raw topics.
    int streams =
        new StreamsAppConfig(load("streams.properties", StreamsAppConfig.DEFINITION))
            .topicPartitions();
    for (String capture :
        new String[] {
          "cdc-source.properties", "erp-capture.properties", "erp-status-capture.properties"
        }) {
      assertThat(new CdcSourceConfig(load(capture, CdcSourceConfig.configDef())).topicPartitions())
          .as(capture)
          .isEqualTo(streams);
    }
  }

  @Test
  void shouldShipAValidRegistryConfig() {
    RegistryConfig config =
        RegistryConfig.from(load("registry.properties", RegistryConfig.CONFIG_DEF));
    assertThat(config.listenPort()).isEqualTo(8081);
  }

  @Test
  void shouldShipADemoMappingFileThatParses() throws Exception {
    StreamsAppConfig config =
        new StreamsAppConfig(
            Map.of(
                StreamsAppConfig.BOOTSTRAP_SERVERS,
                "k:9092",
                StreamsAppConfig.SCHEMA_REGISTRY_URL,
                "http://r:8081",
                StreamsAppConfig.MAPPING_FILE,
                CONFIG.resolve("mapping.yaml").toString()));
    assertThat(config.customerRules().policyOf("credit_limit"))
        .isEqualTo(new io.crmerpsync.streams.conflict.Policy.Owner("erp"));
    assertThat(config.orderRules().policyOf("status"))
        .isEqualTo(new io.crmerpsync.streams.conflict.Policy.Owner("erp"));
    assertThat(config.emitSettings().erpOwnedOrderColumns()).containsExactly("status");
  }
}
