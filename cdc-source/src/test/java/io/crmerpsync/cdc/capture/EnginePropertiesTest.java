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
    assertThat(p).doesNotContainKeys("database.server.id", "schema.history.internal");
  }
}
