package io.crmerpsync.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

  @Test
  void shouldLetAnEnvironmentVariableOverrideTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cdc.properties");
    Files.writeString(file, "crm.host=db.internal\ncrm.port=3306\n");

    Map<String, String> settings =
        SettingsLoader.load(
            file,
            Map.of("SYNC_CRM_HOST", "db.failover", "SYNC_UNRELATED", "x", "PATH", "/bin"),
            CdcSourceConfig.configDef());

    assertThat(settings)
        .containsEntry("crm.host", "db.failover")
        .containsEntry("crm.port", "3306")
        .doesNotContainKey("unrelated");
  }

  @Test
  void shouldNameTheEnvironmentVariableOfASetting() {
    assertThat(SettingsLoader.envName("cdc.offset.flush.interval.ms"))
        .isEqualTo("SYNC_CDC_OFFSET_FLUSH_INTERVAL_MS");
  }

  @Test
  void shouldRefuseAMissingFileNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> SettingsLoader.load(missing, Map.of(), CdcSourceConfig.configDef()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.properties");
  }
}
