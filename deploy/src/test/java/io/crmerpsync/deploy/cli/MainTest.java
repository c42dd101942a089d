package io.crmerpsync.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's command line: exit codes and messages a user sees. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.commandLine(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
  }

  @Test
  void shouldStopWithCode2AndNameTheSettingWhenARequiredOneIsMissing(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("streams.properties");
    Files.writeString(config, "kafka.bootstrap.servers=127.0.0.1:1\n");

    int code = run("streams", "--config", config.toString());

    assertThat(code).isEqualTo(Main.CONFIG_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("configuration error")
        .contains("schema.registry.url");
  }

  @Test
  void shouldRejectAnUnknownConnectorNamingTheAllowedOnes(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("cdc.properties");
    Files.writeString(
        config,
        "crm.connector=oracle\ncrm.host=h\ncrm.user=u\ncrm.password=p\n"
            + "kafka.bootstrap.servers=127.0.0.1:1\n");

    int code = run("cdc-source", "--config", config.toString());

    assertThat(code).isEqualTo(Main.CONFIG_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("crm.connector")
        .contains("oracle")
        .contains("mariadb");
  }

  @Test
  void shouldRefuseADemoRateOfZero() {
    int code = run("demo", "--rate", "0");

    assertThat(code).isEqualTo(Main.CONFIG_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rate");
  }

  @Test
  void shouldRefuseAnErpStatusKeyThatNamesNoEntity() {
    int code =
        run(
            "erp-status",
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--registry-url",
            "http://127.0.0.1:1",
            "--key",
            "42");

    assertThat(code).isEqualTo(Main.CONFIG_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--key").contains("customer:42");
  }

  @Test
  void shouldKeepTheConfigurationReferenceInDocsEqualToTheCode() throws Exception {
    int code = run("config-reference");

    assertThat(code).isZero();
    String generated = out.toString(StandardCharsets.UTF_8);
    assertThat(generated).contains("`crm.host`").contains("`erp.jdbc.url`");
    Path docs = Path.of("..", "docs", "configuration.md");
    assertThat(Files.readString(docs))
        .as("docs/configuration.md is stale: regenerate with bin/crm-erp-sync config-reference")
        .isEqualTo(generated);
  }
}
