package io.crmerpsync.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.embedded.sample.SampleCrm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedMariaDbTest {

  private static EmbeddedMariaDb mariaDb;

  @BeforeAll
  static void startServer() throws Exception {
    // A fresh directory each run: that is what CI sees, and the tests create fixed names.
    FileUtils.deleteDirectory(Path.of("target", "mariadb-test").toFile());
    long started = System.nanoTime();
    mariaDb =
        EmbeddedMariaDb.start(
            java.nio.file.Files.createTempDirectory(
                java.nio.file.Files.createDirectories(Path.of("target")), "mariadb-test"));
    System.out.printf(
        "embedded MariaDB start took %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  static void stopServer() {
    mariaDb.close();
    mariaDb.close();
  }

  @Test
  void shouldRunWithTheBinlogOnInRowFormatWithFullImages() throws Exception {
    try (Connection c = mariaDb.connect("")) {
      assertThat(variable(c, "binlog_format")).isEqualTo("ROW");
      assertThat(variable(c, "log_bin")).isEqualTo("ON");
      assertThat(variable(c, "binlog_row_image")).isEqualTo("FULL");
      assertThat(variable(c, "server_id")).isEqualTo("1");
    }
  }

  @Test
  void shouldLoadTheSampleCrmSchemaIntoANewDatabase() throws Exception {
    mariaDb.createDatabase("sales_smoke");
    mariaDb.runScript("sales_smoke", SampleCrm.SCHEMA_RESOURCE);
    try (Connection c = mariaDb.connect("sales_smoke");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW TABLES")) {
      List<String> tables = new ArrayList<>();
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
      assertThat(tables).containsExactlyInAnyOrderElementsOf(SampleCrm.TABLES);
    }
  }

  @Test
  void shouldLetTheCdcUserReadTheBinlogStatus() throws Exception {
    mariaDb.createCdcUser("cdc_smoke", "s3cret'pw");
    try (Connection c = DriverManager.getConnection(mariaDb.jdbcUrl(""), "cdc_smoke", "s3cret'pw");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("File")).startsWith("mysql-bin.");
    }
  }

  @Test
  void shouldRefuseADatabaseNameThatIsNotAPlainIdentifier() {
    assertThatThrownBy(() -> mariaDb.createDatabase("x; DROP DATABASE mysql"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain identifier");
  }

  private static String variable(Connection c, String name) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW VARIABLES LIKE '" + name + "'")) {
      assertThat(rs.next()).as("variable %s exists", name).isTrue();
      return rs.getString(2);
    }
  }
}
