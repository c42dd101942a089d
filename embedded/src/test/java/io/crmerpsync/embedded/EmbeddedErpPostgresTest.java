package io.crmerpsync.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedErpPostgresTest {

  private static final Path DATA = Path.of("target", "postgres-test", "data");

  @Test
  void shouldAnswerQueriesAndKeepItsDataAcrossARestart() throws Exception {
    org.apache.commons.io.FileUtils.deleteDirectory(DATA.toFile());
    long started = System.nanoTime();
    try (EmbeddedErpPostgres pg = EmbeddedErpPostgres.start(DATA)) {
      System.out.printf(
          "embedded PostgreSQL fresh start took %d ms%n",
          (System.nanoTime() - started) / 1_000_000);
      try (Connection c = pg.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE erp_smoke (id bigint PRIMARY KEY, name text)");
        s.execute("INSERT INTO erp_smoke VALUES (1, 'kept')");
      }
      pg.close();
    }
    started = System.nanoTime();
    try (EmbeddedErpPostgres pg = EmbeddedErpPostgres.start(DATA)) {
      System.out.printf(
          "embedded PostgreSQL restart took %d ms%n", (System.nanoTime() - started) / 1_000_000);
      assertThat(pg.jdbcUrl()).endsWith(":" + pg.port() + "/postgres");
      try (Connection c = pg.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT name, current_user FROM erp_smoke WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("kept");
        assertThat(rs.getString(2)).isEqualTo(pg.user());
      }
    }
  }

  @Test
  void shouldRunWithLogicalWalWhenAskedForLogicalDecoding() throws Exception {
    Path data = Path.of("target", "postgres-test", "logical");
    org.apache.commons.io.FileUtils.deleteDirectory(data.toFile());
    try (EmbeddedErpPostgres pg = EmbeddedErpPostgres.startWithLogicalDecoding(data);
        Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW wal_level")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("logical");
    }
  }
}
