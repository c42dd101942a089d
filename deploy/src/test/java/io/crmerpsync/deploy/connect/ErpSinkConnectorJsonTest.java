package io.crmerpsync.deploy.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmerpsync.erp.sink.ErpSinkConfig;
import io.crmerpsync.erp.sink.ErpSinkConnector;
import io.crmerpsync.schemas.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The shipped connector JSON for a Connect cluster stays in step with the connector's settings. */
class ErpSinkConnectorJsonTest {

  private static final Path JSON = Path.of("connect", "erp-sink-postgres.json");

  private static Map<String, String> config() throws IOException {
    JsonNode root = new ObjectMapper().readTree(JSON.toFile());
    Map<String, String> config = new LinkedHashMap<>();
    root.path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
    return config;
  }

  @Test
  void shouldNameTheConnectorTheContractTopicsAndTheDeadLetterTopic() throws IOException {
    Map<String, String> config = config();

    assertThat(config)
        .containsEntry("connector.class", ErpSinkConnector.class.getName())
        .containsEntry("topics", Topics.ERP_COMMANDS_CUSTOMERS + "," + Topics.ERP_COMMANDS_ORDERS)
        .containsEntry("errors.tolerance", "all")
        .containsEntry("errors.deadletterqueue.topic.name", Topics.DEAD_LETTER)
        .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
        .containsEntry("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
  }

  @Test
  void shouldSetEverySinkSettingToAValueTheConnectorAcceptsOnceThePlaceholdersAreFilled()
      throws IOException {
    Map<String, String> config = config();
    assertThat(config.keySet()).containsAll(ErpSinkConfig.CONFIG_DEF.names());
    // What a worker's EnvVarConfigProvider would put in place of ${env:...}.
    config.put(ErpSinkConfig.JDBC_URL, "jdbc:postgresql://erp-db:5432/erp");
    config.put(ErpSinkConfig.JDBC_USER, "erp_sink");
    config.put(ErpSinkConfig.JDBC_PASSWORD, "secret");
    config.put(ErpSinkConfig.SCHEMA_REGISTRY_URL, "http://registry:8081");

    Config validated = new ErpSinkConnector().validate(config);

    List<String> errors =
        validated.configValues().stream()
            .filter(v -> !v.errorMessages().isEmpty())
            .map(ConfigValue::name)
            .toList();
    assertThat(errors).isEmpty();
  }
}
