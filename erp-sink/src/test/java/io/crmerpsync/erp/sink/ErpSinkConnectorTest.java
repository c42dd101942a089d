package io.crmerpsync.erp.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;

class ErpSinkConnectorTest {

  private static final Map<String, String> SETTINGS =
      Map.of(
          "name",
          "erp-sink",
          ErpSinkConfig.JDBC_URL,
          "jdbc:postgresql://erp-db:5432/erp",
          ErpSinkConfig.SCHEMA_REGISTRY_URL,
          "http://registry:8081");

  @Test
  void shouldBeFoundByServiceLoadingAsConnectDoesWithServiceLoadDiscovery() {
    assertThat(ServiceLoader.load(SinkConnector.class).stream())
        .extracting(ServiceLoader.Provider::type)
        .contains(ErpSinkConnector.class);
  }

  @Test
  void shouldReportTheVersionOfTheBuild() {
    assertThat(new ErpSinkConnector().version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(new ErpSinkTask().version()).isEqualTo(new ErpSinkConnector().version());
  }

  @Test
  void shouldGiveEveryTaskTheSettingsAndItsOwnIndex() {
    ErpSinkConnector connector = new ErpSinkConnector();
    connector.start(SETTINGS);

    List<Map<String, String>> tasks = connector.taskConfigs(3);

    assertThat(tasks).hasSize(3);
    assertThat(tasks)
        .extracting(t -> t.get(ErpSinkConnector.TASK_INDEX))
        .containsExactly("0", "1", "2");
    assertThat(tasks).allSatisfy(t -> assertThat(t).containsAllEntriesOf(SETTINGS));
    assertThat(connector.taskClass()).isEqualTo(ErpSinkTask.class);
  }

  @Test
  void shouldFailToStartWithABadSetting() {
    ErpSinkConnector connector = new ErpSinkConnector();

    assertThatThrownBy(() -> connector.start(Map.of(ErpSinkConfig.JDBC_URL, "jdbc:postgresql:x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }
}
