package io.crmerpsync.cdc.capture;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code crm.columns.include} against the database before capture starts: a column named
 * there that its table does not have would otherwise pass unnoticed (Debezium only leaves columns
 * out), and the rows would lack a column a reader needs. A table that does not exist yet (an ERP
 * interface table the sink has not created) or a database that cannot be reached is not judged
 * here: Debezium reports the latter itself.
 */
final class IncludedColumns {
  private static final Logger log = LoggerFactory.getLogger(IncludedColumns.class);

  private IncludedColumns() {}

  /**
   * Throws a {@link ConfigException} naming every listed column its table lacks, with the columns
   * the table has.
   */
  static void verify(CdcSourceConfig config) {
    Map<String, List<String>> byTable = config.columnsIncludedByTable();
    if (byTable.isEmpty()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    try (Connection db =
        DriverManager.getConnection(jdbcUrl(config), config.crmUser(), config.crmPassword())) {
      for (Map.Entry<String, List<String>> table : byTable.entrySet()) {
        TreeSet<String> present = columns(db, config.capturedNamespace(), table.getKey());
        if (present.isEmpty()) {
          log.warn(
              "crm.columns.include: table {}.{} not found (yet); its columns are not checked",
              config.capturedNamespace(),
              table.getKey());
          continue;
        }
        List<String> missing =
            table.getValue().stream()
                .filter(c -> !present.contains(c.toLowerCase(Locale.ROOT)))
                .toList();
        if (!missing.isEmpty()) {
          problems.add(
              "table "
                  + config.capturedNamespace()
                  + "."
                  + table.getKey()
                  + " has no column "
                  + String.join(", ", missing)
                  + " (it has "
                  + String.join(", ", present)
                  + ")");
        }
      }
    } catch (SQLException e) {
      log.warn(
          "crm.columns.include not checked: cannot read the database's columns: {}", e.toString());
      return;
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(
          CdcSourceConfig.CRM_COLUMNS_INCLUDE
              + " names columns the database does not have: "
              + String.join("; ", problems));
    }
  }

  static String jdbcUrl(CdcSourceConfig config) {
    String scheme =
        switch (config.connector()) {
          case POSTGRES -> "postgresql";
          case MARIADB -> "mariadb";
          case MYSQL -> "mysql";
        };
    return "jdbc:"
        + scheme
        + "://"
        + config.crmHost()
        + ":"
        + config.crmPort()
        + "/"
        + config.crmDatabase();
  }

  private static TreeSet<String> columns(Connection db, String namespace, String table)
      throws SQLException {
    TreeSet<String> columns = new TreeSet<>();
    try (PreparedStatement query =
        db.prepareStatement(
            "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ?")) {
      query.setString(1, namespace);
      query.setString(2, table);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return columns;
  }
}
