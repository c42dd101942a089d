package io.crmerpsync.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.schemas.erp.ErpAction;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsAppConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    settings.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081");
    return settings;
  }

  @Test
  void shouldApplyDefaultsAndRunExactlyOnce() {
    StreamsAppConfig config = new StreamsAppConfig(minimal());

    assertThat(config.rawTopics().customers()).isEqualTo("crm.sales.customers");
    assertThat(config.emitSettings().customerDeleteAction()).isEqualTo(ErpAction.DEACTIVATE);
    Properties props = StreamsApp.streamsProperties(config);
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(props.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void kafkaStreamsCommitsAtTheBacklogIntervalAndTheTopologyAsksAtTheShortOne() {
    StreamsAppConfig config = new StreamsAppConfig(minimal());
    assertThat(StreamsApp.streamsProperties(config).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
        .isEqualTo(1_000L);
    assertThat(config.commitPacing().interval()).isEqualTo(java.time.Duration.ofMillis(50));

    Map<String, String> fixed = minimal();
    fixed.put(StreamsAppConfig.COMMIT_INTERVAL_MS, "200");
    fixed.put(StreamsAppConfig.COMMIT_BACKLOG_INTERVAL_MS, "200");
    StreamsAppConfig always200 = new StreamsAppConfig(fixed);
    assertThat(StreamsApp.streamsProperties(always200).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
        .isEqualTo(200L);
    assertThat(always200.commitPacing().interval()).isEqualTo(java.time.Duration.ofMillis(200));
  }

  @Test
  void shouldRejectABacklogCommitIntervalShorterThanTheCommitInterval() {
    Map<String, String> settings = minimal();
    settings.put(StreamsAppConfig.COMMIT_INTERVAL_MS, "500");
    settings.put(StreamsAppConfig.COMMIT_BACKLOG_INTERVAL_MS, "100");

    assertThatThrownBy(() -> new StreamsAppConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.COMMIT_BACKLOG_INTERVAL_MS + " (100)")
        .hasMessageContaining(StreamsAppConfig.COMMIT_INTERVAL_MS + " (500)");
  }

  @Test
  void shouldRejectAnUnknownDeleteActionNamingTheSettingAndTheAllowedValues() {
    Map<String, String> settings = minimal();
    settings.put(StreamsAppConfig.CUSTOMER_DELETE_ACTION, "PURGE");

    assertThatThrownBy(() -> new StreamsAppConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.CUSTOMER_DELETE_ACTION)
        .hasMessageContaining("PURGE")
        .hasMessageContaining("DEACTIVATE");
  }

  @Test
  void shouldTurnTheIntervalEmitPolicyIntoAWindowAndRejectUnknownPolicies() {
    Map<String, String> settings = minimal();
    settings.put(StreamsAppConfig.CUSTOMER_EMIT_POLICY, "interval");
    settings.put(StreamsAppConfig.CUSTOMER_EMIT_INTERVAL_MS, "60000");
    assertThat(new StreamsAppConfig(settings).emitSettings().customerEmitInterval())
        .isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(new StreamsAppConfig(minimal()).emitSettings().customerEmitInterval()).isNull();

    settings.put(StreamsAppConfig.CUSTOMER_EMIT_POLICY, "hourly");
    assertThatThrownBy(() -> new StreamsAppConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.CUSTOMER_EMIT_POLICY)
        .hasMessageContaining("interval");
  }

  @Test
  void shouldStopOnABadMappingFileNamingTheSettingTheFileAndTheLine(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("mapping.yaml");
    java.nio.file.Files.writeString(
        file,
        "sources: [crm, erp]\nentities:\n  customer:\n    fields:\n      credit_limit: {owner: sap}\n");
    Map<String, String> settings = minimal();
    settings.put(StreamsAppConfig.MAPPING_FILE, file.toString());

    assertThatThrownBy(() -> new StreamsAppConfig(settings).emitSettings())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.MAPPING_FILE)
        .hasMessageContaining("mapping.yaml:5")
        .hasMessageContaining("owner 'sap' is not a source");
  }

  @Test
  void shouldReadTheCustomerPoliciesOfAMappingFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("mapping.yaml");
    java.nio.file.Files.writeString(
        file,
        "sources: [crm, erp]\nentities:\n  customer:\n    fields:\n      credit_limit: {owner: erp}\n");
    Map<String, String> settings = minimal();
    settings.put(StreamsAppConfig.MAPPING_FILE, file.toString());

    assertThat(new StreamsAppConfig(settings).customerRules().policyOf("credit_limit"))
        .isEqualTo(new io.crmerpsync.streams.conflict.Policy.Owner("erp"));
  }

  @Test
  void shouldRequireTheSchemaRegistryUrl() {
    Map<String, String> settings = minimal();
    settings.remove(StreamsAppConfig.SCHEMA_REGISTRY_URL);

    assertThatThrownBy(() -> new StreamsAppConfig(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.SCHEMA_REGISTRY_URL);
  }

  private static String mappingFile(String sources) throws java.io.IOException {
    java.nio.file.Path dir =
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "config-test"));
    java.nio.file.Path file = java.nio.file.Files.createTempFile(dir, "mapping", ".yaml");
    java.nio.file.Files.writeString(
        file,
        "sources: " + sources + "\nentities:\n  customer:\n    default: {policy: newest-wins}\n");
    return file.toString();
  }

  @Test
  void shouldReadFurtherCrmDatabasesMatchedByABusinessKey() throws Exception {
    Map<String, String> settings = minimal();
    settings.put(StreamsAppConfig.CUSTOMER_MATCH_COLUMN, "email");
    settings.put(StreamsAppConfig.EXTRA_CRM_SOURCES, "crm-us=crm.us.sales");
    settings.put(StreamsAppConfig.MAPPING_FILE, mappingFile("[crm, crm-us, erp]"));

    var emit = new StreamsAppConfig(settings).emitSettings();

    assertThat(emit.customerMatchColumn()).isEqualTo("email");
    assertThat(emit.extraCrmSources())
        .containsExactly(
            new io.crmerpsync.streams.topology.EmitSettings.CrmSource(
                "crm-us", io.crmerpsync.streams.topology.RawTopics.of("crm.us", "sales")));
  }

  @Test
  void shouldRefuseFurtherCrmDatabasesWithoutABusinessKeyOrAMappingThatRanksThem()
      throws Exception {
    Map<String, String> noKey = minimal();
    noKey.put(StreamsAppConfig.EXTRA_CRM_SOURCES, "crm-us=crm2.sales");
    assertThatThrownBy(() -> new StreamsAppConfig(noKey).emitSettings())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.EXTRA_CRM_SOURCES)
        .hasMessageContaining(StreamsAppConfig.CUSTOMER_MATCH_COLUMN);

    Map<String, String> unranked = minimal();
    unranked.put(StreamsAppConfig.CUSTOMER_MATCH_COLUMN, "email");
    unranked.put(StreamsAppConfig.EXTRA_CRM_SOURCES, "crm-us=crm2.sales");
    unranked.put(StreamsAppConfig.MAPPING_FILE, mappingFile("[crm, erp]"));
    assertThatThrownBy(() -> new StreamsAppConfig(unranked).emitSettings())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source 'crm-us' is not among the sources of the mapping file");

    Map<String, String> badEntry = minimal();
    badEntry.put(StreamsAppConfig.CUSTOMER_MATCH_COLUMN, "email");
    badEntry.put(StreamsAppConfig.EXTRA_CRM_SOURCES, "erp=erp.sales");
    assertThatThrownBy(() -> new StreamsAppConfig(badEntry).emitSettings())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source name 'erp' is taken");

    Map<String, String> samePrefix = minimal();
    samePrefix.put(StreamsAppConfig.CUSTOMER_MATCH_COLUMN, "email");
    samePrefix.put(StreamsAppConfig.EXTRA_CRM_SOURCES, "crm-us=crm.sales");
    assertThatThrownBy(() -> new StreamsAppConfig(samePrefix).emitSettings())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topic prefix 'crm' is already another CRM database's");

    Map<String, String> sameSystem = minimal();
    sameSystem.put(StreamsAppConfig.SOURCE_SYSTEM, "crm-eu");
    sameSystem.put(StreamsAppConfig.CUSTOMER_MATCH_COLUMN, "email");
    sameSystem.put(StreamsAppConfig.EXTRA_CRM_SOURCES, "crm-eu=crm2.sales");
    assertThatThrownBy(() -> new StreamsAppConfig(sameSystem).emitSettings())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source name 'crm-eu' is taken");

    Map<String, String> badColumn = minimal();
    badColumn.put(StreamsAppConfig.CUSTOMER_MATCH_COLUMN, "phone");
    assertThatThrownBy(() -> new StreamsAppConfig(badColumn))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.CUSTOMER_MATCH_COLUMN);
  }

  private static String orderMapping(String sources, String statusPolicy)
      throws java.io.IOException {
    java.nio.file.Path dir =
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "config-test"));
    java.nio.file.Path file = java.nio.file.Files.createTempFile(dir, "mapping", ".yaml");
    java.nio.file.Files.writeString(
        file,
        "sources: "
            + sources
            + "\nentities:\n  order:\n    fields:\n      status: "
            + statusPolicy
            + "\n");
    return file.toString();
  }

  @Test
  void shouldReadTheOrderPoliciesAndTheErpOrderTable() throws Exception {
    Map<String, String> settings = minimal();
    settings.put(StreamsAppConfig.MAPPING_FILE, orderMapping("[crm, erp]", "{owner: erp}"));
    settings.put(StreamsAppConfig.ERP_ORDERS_TOPIC, "erp.erp.order_master");

    var emit = new StreamsAppConfig(settings).emitSettings();

    assertThat(emit.erpOwnedOrderColumns()).containsExactly("status");
    assertThat(emit.erpOrders())
        .isEqualTo(
            new io.crmerpsync.streams.topology.EmitSettings.ErpOrderSource(
                "erp.erp.order_master", "order_master", "source_system", "source_ref"));
  }

  @Test
  void shouldRefuseOrderPoliciesThatCannotWork() throws Exception {
    Map<String, String> noErp = minimal();
    noErp.put(StreamsAppConfig.MAPPING_FILE, orderMapping("[crm, crm-us]", "{owner: crm}"));
    noErp.put(StreamsAppConfig.ERP_ORDERS_TOPIC, "erp.erp.order_master");
    assertThatThrownBy(() -> new StreamsAppConfig(noErp).emitSettings())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.ERP_ORDERS_TOPIC)
        .hasMessageContaining("do not list 'erp'");

    Map<String, String> regionalOwner = minimal();
    regionalOwner.put(
        StreamsAppConfig.MAPPING_FILE, orderMapping("[crm, crm-us, erp]", "{owner: crm-us}"));
    assertThatThrownBy(() -> new StreamsAppConfig(regionalOwner).emitSettings())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("owned by 'crm-us'")
        .hasMessageContaining("'crm' (the order's own database) or 'erp'");

    Map<String, String> customersWithoutErp = minimal();
    customersWithoutErp.put(StreamsAppConfig.MAPPING_FILE, mappingFile("[crm, crm-us]"));
    customersWithoutErp.put(StreamsAppConfig.ERP_CUSTOMERS_TOPIC, "erp.erp.customer_master");
    assertThatThrownBy(() -> new StreamsAppConfig(customersWithoutErp).emitSettings())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.ERP_CUSTOMERS_TOPIC)
        .hasMessageContaining("do not list 'erp'");
  }
}
