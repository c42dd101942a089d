package io.crmerpsync.cdc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class CdcSourceConfigTest {

  private static Map<String, Object> minimal() {
    Map<String, Object> s = new HashMap<>();
    s.put(CdcSourceConfig.CRM_USER, "cdc");
    s.put(CdcSourceConfig.CRM_PASSWORD, "pw");
    s.put(CdcSourceConfig.CRM_DATABASE, "sales");
    s.put(CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    return s;
  }

  @Test
  void shouldApplyTheDocumentedDefaults() {
    CdcSourceConfig config = new CdcSourceConfig(minimal());
    assertThat(config.connector()).isEqualTo(CrmConnector.MARIADB);
    assertThat(config.crmTables()).containsExactly("customers", "orders", "order_lines");
    assertThat(config.crmServerId()).isEqualTo(5401L);
    assertThat(config.rawTopic("orders")).isEqualTo("crm.sales.orders");
    assertThat(config.transactionTopic()).isEqualTo("crm.transaction");
    assertThat(config.offsetsTopic()).isEqualTo("sync.cdc.offsets.v1");
    assertThat(config.schemaHistoryTopic()).isEqualTo("sync.cdc.schema-history.v1");
    assertThat(config.snapshotMode()).isEqualTo("initial");
    assertThat(config.offsetFlushIntervalMs()).isEqualTo(1000L);
    assertThat(config.name()).isEqualTo("crm-cdc");
    assertThat(config.topicPartitions()).isEqualTo(1);
  }

  @Test
  void shouldRejectAnUnknownConnectorNamingTheSettingAndTheAllowedValues() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_CONNECTOR, "oracle");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("crm.connector")
        .hasMessageContaining("oracle")
        .hasMessageContaining("mariadb")
        .hasMessageContaining("mysql");
  }

  @Test
  void shouldSelectTheMySqlConnectorWhenAskedFor() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_CONNECTOR, "mysql");
    assertThat(new CdcSourceConfig(s).connector().connectorClass())
        .isEqualTo("io.debezium.connector.mysql.MySqlConnector");
  }

  @Test
  void shouldRejectAMissingUser() {
    Map<String, Object> s = minimal();
    s.remove(CdcSourceConfig.CRM_USER);
    assertThatThrownBy(() -> new CdcSourceConfig(s)).hasMessageContaining("crm.user");
  }

  @Test
  void shouldRejectAnUnknownSnapshotModeListingTheAllowedOnes() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CDC_SNAPSHOT_MODE, "sometimes");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("cdc.snapshot.mode")
        .hasMessageContaining("always");
  }

  @Test
  void shouldRejectATableNameThatIsNotAPlainIdentifier() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_TABLES, List.of("customers", "orders;drop"));
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("crm.tables")
        .hasMessageContaining("orders;drop");
  }

  @Test
  void shouldRejectAnIncludedColumnThatIsNotTableDotColumn() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_COLUMNS_INCLUDE, List.of("customers.id", "email"));
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("crm.columns.include")
        .hasMessageContaining("'email' must be <table>.<column>");
  }

  @Test
  void shouldRejectIncludedColumnsOfATableThatIsNotCaptured() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_COLUMNS_INCLUDE, List.of("customers.id", "invoices.id"));
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("crm.columns.include")
        .hasMessageContaining("table 'invoices', which is not in crm.tables");
  }

  @Test
  void shouldGroupIncludedColumnsByTableInTheOrderGiven() {
    Map<String, Object> s = minimal();
    s.put(
        CdcSourceConfig.CRM_COLUMNS_INCLUDE,
        List.of("orders.id", "customers.id", "orders.status", "customers.email"));
    assertThat(new CdcSourceConfig(s).columnsIncludedByTable())
        .containsExactly(
            Map.entry("orders", List.of("id", "status")),
            Map.entry("customers", List.of("id", "email")));
  }

  @Test
  void shouldParseSkippedRowsWithValuesThatHoldDotsAndEqualSigns() {
    Map<String, Object> s = minimal();
    s.put(
        CdcSourceConfig.CRM_SKIP_ROWS,
        "orders.status=PENDING, customers.note=a.b=c,orders.status=DRAFT");
    assertThat(new CdcSourceConfig(s).skippedRows())
        .containsExactly(
            new CdcSourceConfig.SkippedRows("orders", "status", "PENDING"),
            new CdcSourceConfig.SkippedRows("customers", "note", "a.b=c"),
            new CdcSourceConfig.SkippedRows("orders", "status", "DRAFT"));
    assertThat(new CdcSourceConfig(minimal()).skippedRows()).isEmpty();
  }

  @Test
  void shouldRejectASkippedRowRuleWithoutAValue() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_SKIP_ROWS, "orders.status=");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("crm.skip.rows")
        .hasMessageContaining("'orders.status=' must be <table>.<column>=<value>");
  }

  @Test
  void shouldRejectASkippedRowRuleOfATableThatIsNotCaptured() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_SKIP_ROWS, "invoices.status=PAID");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("crm.skip.rows")
        .hasMessageContaining("table 'invoices', which is not in crm.tables");
  }

  @Test
  void shouldRejectASkippedRowRuleOnAColumnTheIncludeListLeavesOut() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_COLUMNS_INCLUDE, List.of("orders.id", "orders.total"));
    s.put(CdcSourceConfig.CRM_SKIP_ROWS, "orders.status=PENDING");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("crm.skip.rows")
        .hasMessageContaining("column 'status' of table 'orders'")
        .hasMessageContaining("could never match");
  }

  @Test
  void shouldRejectAQueueNoLargerThanTheBatch() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CDC_MAX_BATCH_SIZE, 100);
    s.put(CdcSourceConfig.CDC_MAX_QUEUE_SIZE, 100);
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("cdc.max.queue.size")
        .hasMessageContaining("cdc.max.batch.size");
  }

  @Test
  void shouldRejectAPortOutOfRange() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_PORT, "70000");
    assertThatThrownBy(() -> new CdcSourceConfig(s)).hasMessageContaining("crm.port");
  }

  @Test
  void shouldDocumentEverySettingAndHideThePassword() {
    assertThat(CdcSourceConfig.configDef().names())
        .contains("crm.connector", "crm.password", "cdc.snapshot.mode", "cdc.topic.partitions");
    assertThat(CdcSourceConfig.configDef().toRst()).contains("crm.server.id");
    assertThat(new CdcSourceConfig(minimal()).values().get(CdcSourceConfig.CRM_PASSWORD).toString())
        .doesNotContain("pw");
  }

  private static Map<String, Object> postgres() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_CONNECTOR, "postgres");
    s.put(CdcSourceConfig.CRM_DATABASE, "erp");
    s.put(CdcSourceConfig.CRM_TABLES, "customer_master");
    return s;
  }

  @Test
  void shouldNamePostgresRawTopicsBySchemaAndDefaultToPort5432() {
    CdcSourceConfig config = new CdcSourceConfig(postgres());
    assertThat(config.connector()).isEqualTo(CrmConnector.POSTGRES);
    assertThat(config.connector().connectorClass())
        .isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
    assertThat(config.crmSchema()).isEqualTo("public");
    assertThat(config.rawTopic("customer_master")).isEqualTo("crm.public.customer_master");
    assertThat(config.crmPort()).isEqualTo(5432);
    assertThat(config.pgSlotName()).isEqualTo("crm_erp_sync");
    assertThat(config.pgPublicationName()).isEqualTo("crm_erp_sync");

    Map<String, Object> s = postgres();
    s.put(CdcSourceConfig.CRM_SCHEMA, "erp_core");
    s.put(CdcSourceConfig.CRM_PORT, 6543);
    assertThat(new CdcSourceConfig(s).rawTopic("customer_master"))
        .isEqualTo("crm.erp_core.customer_master");
    assertThat(new CdcSourceConfig(s).crmPort()).isEqualTo(6543);
  }

  @Test
  void shouldIgnoreTheSchemaForMariaDb() {
    Map<String, Object> s = minimal();
    s.put(CdcSourceConfig.CRM_SCHEMA, "other");
    CdcSourceConfig config = new CdcSourceConfig(s);
    assertThat(config.rawTopic("orders")).isEqualTo("crm.sales.orders");
    assertThat(config.crmPort()).isEqualTo(3306);
  }

  @Test
  void shouldRejectASlotNameWithIllegalCharactersNamingTheSetting() {
    Map<String, Object> s = postgres();
    s.put(CdcSourceConfig.CDC_PG_SLOT_NAME, "ERP-slot");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cdc.pg.slot.name")
        .hasMessageContaining("ERP-slot")
        .hasMessageContaining("lower-case letters, digits or '_'");
  }

  @Test
  void shouldPublishEveryOperationByDefaultAndReadTheOperationsInPostgresOrder() {
    assertThat(new CdcSourceConfig(postgres()).pgPublish())
        .containsExactly("insert", "update", "delete", "truncate");
    Map<String, Object> s = postgres();
    s.put(CdcSourceConfig.CDC_PG_PUBLISH, " Delete ,update,delete");
    assertThat(new CdcSourceConfig(s).pgPublish()).containsExactly("update", "delete");
  }

  @Test
  void shouldRejectAPublishedOperationPostgresDoesNotKnowNamingTheOnesItDoes() {
    Map<String, Object> s = postgres();
    s.put(CdcSourceConfig.CDC_PG_PUBLISH, "update,upsert");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cdc.pg.publish")
        .hasMessageContaining("'upsert'")
        .hasMessageContaining("insert, update, delete, truncate");
    s.put(CdcSourceConfig.CDC_PG_PUBLISH, "");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must name at least one");
  }

  @Test
  void shouldRejectAPublicationNameThatIsNotALowerCaseIdentifier() {
    Map<String, Object> s = postgres();
    s.put(CdcSourceConfig.CDC_PG_PUBLICATION_NAME, "1pub;drop");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("cdc.pg.publication.name")
        .hasMessageContaining("1pub;drop");
  }

  @Test
  void shouldRefuseTheBinlogOnlyRecoverySnapshotModeForPostgres() {
    Map<String, Object> s = postgres();
    s.put(CdcSourceConfig.CDC_SNAPSHOT_MODE, "recovery");
    assertThatThrownBy(() -> new CdcSourceConfig(s))
        .hasMessageContaining("cdc.snapshot.mode")
        .hasMessageContaining("crm.connector=postgres");
  }
}
