package io.crmerpsync.cdc.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EnginePropertiesTest {

  @Test
  void shouldConfigureLogicalDecodingThatKeepsItsSlotForPostgres() {
    Properties p =
        EngineProperties.of(
            new CdcSourceConfig(
                Map.of(
                    CdcSourceConfig.CRM_CONNECTOR, "postgres",
                    CdcSourceConfig.CRM_USER, "cdc",
                    CdcSourceConfig.CRM_PASSWORD, "pw",
                    CdcSourceConfig.CRM_DATABASE, "erp",
                    CdcSourceConfig.CRM_SCHEMA, "core",
                    CdcSourceConfig.CRM_TABLES, "customer_master,orders",
                    CdcSourceConfig.CDC_PG_SLOT_NAME, "erp_slot",
                    CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092")));

    assertThat(p.getProperty("connector.class"))
        .isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
    assertThat(p.getProperty("database.port")).isEqualTo("5432");
    assertThat(p.getProperty("database.dbname")).isEqualTo("erp");
    assertThat(p.getProperty("plugin.name")).isEqualTo("pgoutput");
    assertThat(p.getProperty("slot.name")).isEqualTo("erp_slot");
    assertThat(p.getProperty("slot.drop.on.stop")).isEqualTo("false");
    assertThat(p.getProperty("publication.name")).isEqualTo("crm_erp_sync");
    assertThat(p.getProperty("publication.autocreate.mode")).isEqualTo("filtered");
    assertThat(p.getProperty("schema.include.list")).isEqualTo("core");
    assertThat(p.getProperty("table.include.list"))
        .isEqualTo("core\\.customer_master,core\\.orders");
    assertThat(p.getProperty("provide.transaction.metadata")).isEqualTo("true");
    assertThat(p.getProperty("decimal.handling.mode")).isEqualTo("string");
    assertThat(p.getProperty("tombstones.on.delete")).isEqualTo("false");
    assertThat(p)
        .doesNotContainKeys(
            "database.server.id", "schema.history.internal", "signal.enabled.channels");
  }

  @Test
  void shouldTakeSignalsFromTheSignalTopicUnlessItIsEmpty() {
    Map<String, String> settings =
        Map.of(
            CdcSourceConfig.CRM_USER, "cdc",
            CdcSourceConfig.CRM_PASSWORD, "pw",
            CdcSourceConfig.CRM_DATABASE, "sales",
            CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    Properties p = EngineProperties.of(new CdcSourceConfig(settings));

    assertThat(p.getProperty("signal.enabled.channels")).isEqualTo("kafka");
    assertThat(p.getProperty("signal.kafka.topic")).isEqualTo("sync.cdc.signals.v1");
    assertThat(p.getProperty("signal.kafka.bootstrap.servers")).isEqualTo("127.0.0.1:9092");
    assertThat(p.getProperty("signal.kafka.groupId")).isEqualTo("crm-cdc-signals");
    assertThat(p.getProperty("signal.consumer.enable.auto.commit")).isEqualTo("true");

    Map<String, String> off = new java.util.HashMap<>(settings);
    off.put(CdcSourceConfig.CDC_SIGNAL_TOPIC, "");
    assertThat(EngineProperties.of(new CdcSourceConfig(off)))
        .doesNotContainKeys("signal.enabled.channels", "signal.kafka.topic");
  }

  @Test
  void shouldExcludeEveryColumnButTheIncludedOnesOfEachNamedTableOnly() {
    CdcSourceConfig config =
        new CdcSourceConfig(
            Map.of(
                CdcSourceConfig.CRM_CONNECTOR, "postgres",
                CdcSourceConfig.CRM_USER, "cdc",
                CdcSourceConfig.CRM_PASSWORD, "pw",
                CdcSourceConfig.CRM_DATABASE, "erp",
                CdcSourceConfig.CRM_SCHEMA, "erp",
                CdcSourceConfig.CRM_TABLES, "customer_master,customer_iface,order_iface",
                CdcSourceConfig.CRM_COLUMNS_INCLUDE,
                    "customer_iface.source_ref,customer_iface.process_status,order_iface.source_ref",
                CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092"));

    String excluded = EngineProperties.of(config).getProperty("column.exclude.list");

    assertThat(excluded)
        .isEqualTo(
            "erp\\.customer_iface\\.(?!(?:source_ref|process_status)$)[^.]+,"
                + "erp\\.order_iface\\.(?!(?:source_ref)$)[^.]+");
    // Debezium matches each expression, case-insensitively, against the whole column id.
    java.util.function.Predicate<String> dropped =
        id ->
            java.util.Arrays.stream(excluded.split(","))
                .anyMatch(
                    regex ->
                        java.util.regex.Pattern.compile(
                                regex, java.util.regex.Pattern.CASE_INSENSITIVE)
                            .matcher(id)
                            .matches());
    assertThat(dropped).accepts("erp.customer_iface.first_name", "erp.order_iface.status");
    assertThat(dropped).accepts("erp.customer_iface.process_status_note");
    assertThat(dropped)
        .rejects(
            "erp.customer_iface.source_ref",
            "erp.customer_iface.process_status",
            "erp.order_iface.source_ref",
            "erp.customer_master.first_name");
  }

  @Test
  void shouldLeaveEveryColumnInWhenNoneIsNamed() {
    Properties p =
        EngineProperties.of(
            new CdcSourceConfig(
                Map.of(
                    CdcSourceConfig.CRM_USER, "cdc",
                    CdcSourceConfig.CRM_PASSWORD, "pw",
                    CdcSourceConfig.CRM_DATABASE, "sales",
                    CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092")));

    assertThat(p).doesNotContainKey("column.exclude.list");
  }
}
