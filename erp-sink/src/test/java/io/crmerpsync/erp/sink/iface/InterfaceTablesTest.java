package io.crmerpsync.erp.sink.iface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.erp.sink.error.SqlErrorClass;
import io.crmerpsync.erp.sink.error.SqlErrorClassifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InterfaceTablesTest {

  private static EmbeddedErpPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedErpPostgres.start(Path.of("target", "erp-sink-iface-test-pg"));
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void dropSchemaAndRole() throws SQLException {
    try (Connection admin = postgres.connect();
        Statement statement = admin.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS erp_iface_test CASCADE");
      statement.execute("DROP ROLE IF EXISTS erp_sink_dml_only");
    }
  }

  @Test
  void shouldCreateTheTablesOnceAndFindThemTheSecondTime() throws SQLException {
    try (Connection connection = postgres.connect()) {
      connection.setAutoCommit(false);

      assertThat(InterfaceTables.createIfAbsent(connection, Dialect.POSTGRESQL, "erp_iface_test"))
          .isTrue();
      assertThat(InterfaceTables.createIfAbsent(connection, Dialect.POSTGRESQL, "erp_iface_test"))
          .isFalse();
      assertThat(InterfaceTables.allExist(connection, "erp_iface_test")).isTrue();
    }
  }

  @Test
  void shouldAddTheColumnsOfLaterVersionsToTablesAnEarlierVersionCreated() throws SQLException {
    try (Connection connection = postgres.connect()) {
      connection.setAutoCommit(false);
      InterfaceTables.createIfAbsent(connection, Dialect.POSTGRESQL, "erp_iface_test");
      try (Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE erp_iface_test.customer_iface DROP COLUMN omitted_columns");
        statement.execute("ALTER TABLE erp_iface_test.customer_iface DROP COLUMN source_refs");
        statement.execute("ALTER TABLE erp_iface_test.order_iface DROP COLUMN omitted_columns");
      }
      connection.commit();

      assertThat(InterfaceTables.createIfAbsent(connection, Dialect.POSTGRESQL, "erp_iface_test"))
          .isFalse();

      try (Statement statement = connection.createStatement();
          java.sql.ResultSet columns =
              statement.executeQuery(
                  "SELECT data_type FROM information_schema.columns WHERE table_schema ="
                      + " 'erp_iface_test' AND table_name = 'customer_iface'"
                      + " AND column_name IN ('omitted_columns', 'source_refs')")) {
        assertThat(columns.next()).isTrue();
        assertThat(columns.getString(1)).isEqualTo("text");
        assertThat(columns.next()).isTrue();
        assertThat(columns.getString(1)).isEqualTo("text");
      }
      try (Statement statement = connection.createStatement();
          java.sql.ResultSet columns =
              statement.executeQuery(
                  "SELECT data_type FROM information_schema.columns WHERE table_schema ="
                      + " 'erp_iface_test' AND table_name = 'order_iface'"
                      + " AND column_name = 'omitted_columns'")) {
        assertThat(columns.next()).isTrue();
        assertThat(columns.getString(1)).isEqualTo("text");
      }
    }
  }

  @Test
  void shouldRunTheDdlTwiceWithoutError() throws SQLException {
    try (Connection connection = postgres.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA erp_iface_test");
      statement.execute("SET search_path TO erp_iface_test");
      statement.execute(InterfaceTables.ddl(Dialect.POSTGRESQL));
      statement.execute(InterfaceTables.ddl(Dialect.POSTGRESQL));
    }
  }

  @Test
  void shouldLeaveExistingTablesAloneForAUserWithoutCreatePrivilege() throws SQLException {
    try (Connection admin = postgres.connect()) {
      admin.setAutoCommit(false);
      InterfaceTables.createIfAbsent(admin, Dialect.POSTGRESQL, "erp_iface_test");
      try (Statement statement = admin.createStatement()) {
        statement.execute("CREATE ROLE erp_sink_dml_only LOGIN");
        statement.execute("GRANT USAGE ON SCHEMA erp_iface_test TO erp_sink_dml_only");
        statement.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA erp_iface_test"
                + " TO erp_sink_dml_only");
      }
      admin.commit();
    }

    // Loopback trust authentication: any role logs in without a password.
    try (Connection dmlOnly =
        DriverManager.getConnection(postgres.jdbcUrl(), "erp_sink_dml_only", "")) {
      dmlOnly.setAutoCommit(false);
      assertThat(InterfaceTables.createIfAbsent(dmlOnly, Dialect.POSTGRESQL, "erp_iface_test"))
          .isFalse();
      assertThatThrownBy(
              () -> InterfaceTables.createIfAbsent(dmlOnly, Dialect.POSTGRESQL, "erp_other"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e ->
                  assertThat(SqlErrorClassifier.POSTGRESQL.classify(e))
                      .isEqualTo(SqlErrorClass.FATAL));
    }
  }

  @Test
  void shouldSplitTheMariaDbDdlIntoItsStatementsAndQualifyEveryTable() {
    List<String> statements = InterfaceTables.statements(Dialect.MARIADB);

    assertThat(statements).hasSize(3).allMatch(sql -> sql.startsWith("CREATE TABLE IF NOT EXISTS"));
    assertThat(InterfaceTables.qualified(statements.get(2), Dialect.MARIADB, "erp"))
        .startsWith("CREATE TABLE IF NOT EXISTS `erp`.`order_line_iface` (")
        .contains("REFERENCES `erp`.`order_iface` (source_system, source_ref)")
        .doesNotEndWith(";");
  }
}
