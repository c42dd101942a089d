package io.crmerpsync.erp.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.erp.sink.iface.Dialect;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErpSinkConfigTest {

  private static Map<String, String> required() {
    Map<String, String> props = new HashMap<>();
    props.put(ErpSinkConfig.JDBC_URL, "jdbc:postgresql://erp-db:5432/erp");
    props.put(ErpSinkConfig.SCHEMA_REGISTRY_URL, "http://registry:8081");
    return props;
  }

  @Test
  void shouldApplyTheDocumentedDefaults() {
    ErpSinkConfig config = new ErpSinkConfig(required());

    assertThat(config.schema()).isEqualTo("erp");
    assertThat(config.tablesAutoCreate()).isTrue();
    assertThat(config.batchSize()).isEqualTo(500);
    assertThat(config.poolMaxSize()).isEqualTo(2);
    assertThat(config.writeParallelism()).isEqualTo(2);
    assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.jdbcUser()).isEmpty();
    assertThat(config.jdbcPassword()).isEmpty();
  }

  @Test
  void shouldDefineEverySettingOnceWithDocumentation() {
    assertThat(ErpSinkConfig.CONFIG_DEF.names())
        .containsExactlyInAnyOrder(
            "erp.jdbc.url",
            "erp.jdbc.user",
            "erp.jdbc.password",
            "erp.schema",
            "erp.tables.auto.create",
            "erp.batch.size",
            "erp.pool.max.size",
            "erp.write.parallelism",
            "erp.retry.backoff.ms",
            "schema.registry.url");
    ErpSinkConfig.CONFIG_DEF
        .configKeys()
        .values()
        .forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
  }

  @Test
  void shouldRefuseMoreParallelWritesThanConnectionsNamingBothSettings() {
    Map<String, String> props = required();
    props.put(ErpSinkConfig.WRITE_PARALLELISM, "3");

    assertThatThrownBy(() -> new ErpSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("erp.write.parallelism")
        .hasMessageContaining("erp.pool.max.size (2)");
  }

  @Test
  void shouldWriteWithNoMorePartsThanConnectionsWhenParallelismIsLeftAtItsDefault() {
    Map<String, String> props = required();
    props.put(ErpSinkConfig.POOL_MAX_SIZE, "1");

    assertThat(new ErpSinkConfig(props).writeParallelism()).isEqualTo(1);
  }

  @Test
  void shouldNotShowThePasswordInItsStringForm() {
    Map<String, String> props = required();
    props.put(ErpSinkConfig.JDBC_PASSWORD, "s3cret");

    ErpSinkConfig config = new ErpSinkConfig(props);

    assertThat(config.jdbcPassword()).isEqualTo("s3cret");
    assertThat(config.values().get(ErpSinkConfig.JDBC_PASSWORD).toString())
        .doesNotContain("s3cret");
  }

  @Test
  void shouldRefuseAJdbcUrlOfAnotherDatabaseNamingTheSettingAndWhatIsAllowed() {
    Map<String, String> props = required();
    props.put(ErpSinkConfig.JDBC_URL, "jdbc:oracle:thin:@erp-db:1521/erp");

    assertThatThrownBy(() -> new ErpSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("erp.jdbc.url")
        .hasMessageContaining("jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:");
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "jdbc:postgresql://erp-db:5432/erp, POSTGRESQL",
    "jdbc:mariadb://erp-db:3306/erp, MARIADB",
    "jdbc:mysql://erp-db:3306/erp, MYSQL"
  })
  void shouldChooseTheDialectFromTheUrlPrefix(String url, Dialect expected) {
    Map<String, String> props = required();
    props.put(ErpSinkConfig.JDBC_URL, url);

    assertThat(new ErpSinkConfig(props).dialect()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:mariadb://erp-db/erp?useAffectedRows=false",
        "jdbc:mysql://erp-db/erp?user=x&useBulkStmts=true",
        "jdbc:mariadb://erp-db/erp?useBulkStmtsForInserts=true",
        "jdbc:mariadb://erp-db/erp?useServerPrepStmts=true"
      })
  void shouldRefuseMariaDbOptionsThatTheSinkSetsItself(String url) {
    Map<String, String> props = required();
    props.put(ErpSinkConfig.JDBC_URL, url);

    assertThatThrownBy(() -> new ErpSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("erp.jdbc.url")
        .hasMessageContaining("the sink sets useAffectedRows=true");
  }

  @Test
  void shouldLetMariaDbConnectorJTakeAMySqlUrl() {
    assertThat(Dialect.MYSQL.driverUrl("jdbc:mysql://erp-db:3306/erp"))
        .isEqualTo("jdbc:mysql://erp-db:3306/erp?permitMysqlScheme");
    assertThat(Dialect.MYSQL.driverUrl("jdbc:mysql://erp-db:3306/erp?user=x"))
        .isEqualTo("jdbc:mysql://erp-db:3306/erp?user=x&permitMysqlScheme");
    assertThat(Dialect.MARIADB.driverUrl("jdbc:mariadb://erp-db:3306/erp"))
        .isEqualTo("jdbc:mariadb://erp-db:3306/erp");
  }

  @Test
  void shouldRefuseBatchRewritingBecauseItHidesTheRowCounts() {
    Map<String, String> props = required();
    props.put(ErpSinkConfig.JDBC_URL, "jdbc:postgresql://erp-db/erp?reWriteBatchedInserts=true");

    assertThatThrownBy(() -> new ErpSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("reWriteBatchedInserts");
  }

  @Test
  void shouldRefuseASchemaNameThatIsNotAPlainIdentifier() {
    Map<String, String> props = required();
    props.put(ErpSinkConfig.SCHEMA, "erp; DROP TABLE x");

    assertThatThrownBy(() -> new ErpSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("erp.schema");
  }

  @Test
  void shouldRefuseABatchSizeBelowOne() {
    Map<String, String> props = required();
    props.put(ErpSinkConfig.BATCH_SIZE, "0");

    assertThatThrownBy(() -> new ErpSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("erp.batch.size");
  }

  @Test
  void shouldRequireTheSchemaRegistryUrlAsAnHttpUrl() {
    Map<String, String> missing = required();
    missing.remove(ErpSinkConfig.SCHEMA_REGISTRY_URL);
    Map<String, String> notHttp = required();
    notHttp.put(ErpSinkConfig.SCHEMA_REGISTRY_URL, "registry:8081");

    assertThatThrownBy(() -> new ErpSinkConfig(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> new ErpSinkConfig(notHttp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }
}
