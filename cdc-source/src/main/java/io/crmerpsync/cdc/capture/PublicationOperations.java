package io.crmerpsync.cdc.capture;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the PostgreSQL publication the operations {@code cdc.pg.publish} names, before Debezium
 * starts. Debezium ({@code publication.autocreate.mode=filtered}) creates a missing publication
 * publishing everything and keeps its table list equal to {@code crm.tables}, but it never sets the
 * publish option, and altering the table list keeps it. So: a missing publication is created here
 * with no tables and the operations asked for (Debezium then adds the tables), and an existing one
 * whose operations differ is altered.
 */
final class PublicationOperations {
  private static final Logger log = LoggerFactory.getLogger(PublicationOperations.class);

  private PublicationOperations() {}

  /**
   * Creates or alters the publication as described above; nothing for a binlog connector.
   *
   * @throws CdcSourceException if the operations cannot be read or set while {@code cdc.pg.publish}
   *     names fewer than all: capturing operations that were excluded would be silently wrong
   */
  static void apply(CdcSourceConfig config) {
    if (!config.connector().isPostgres()) {
      return;
    }
    List<String> wanted = config.pgPublish();
    boolean all = wanted.equals(CdcSourceConfig.PG_OPERATIONS);
    String name = config.pgPublicationName();
    try (Connection db =
        DriverManager.getConnection(
            IncludedColumns.jdbcUrl(config), config.crmUser(), config.crmPassword())) {
      List<String> current = operations(db, name);
      String publish = String.join(", ", wanted);
      if (current == null) {
        if (all) {
          return; // Debezium creates it, publishing everything.
        }
        execute(db, "CREATE PUBLICATION " + name + " WITH (publish = '" + publish + "')");
        log.info("Created publication {} publishing {}", name, publish);
      } else if (!current.equals(wanted)) {
        execute(db, "ALTER PUBLICATION " + name + " SET (publish = '" + publish + "')");
        log.info("Publication {} published {}; now publishes {}", name, current, publish);
      }
    } catch (SQLException e) {
      String problem =
          "cannot read or set the operations publication "
              + name
              + " publishes ("
              + CdcSourceConfig.CDC_PG_PUBLISH
              + "="
              + String.join(",", wanted)
              + "): "
              + e.getMessage();
      if (all) {
        // Only a publication narrowed earlier would be wrong; Debezium reports an unreachable
        // database itself.
        log.warn("{}", problem);
        return;
      }
      throw new CdcSourceException(
          problem
              + ". The capture user needs CREATE on the database, or ownership of the"
              + " publication",
          e);
    }
  }

  /** The operations {@code name} publishes, in PostgreSQL's order; null if it does not exist. */
  private static List<String> operations(Connection db, String name) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement(
            "SELECT pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_publication"
                + " WHERE pubname = ?")) {
      query.setString(1, name);
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        List<String> operations = new ArrayList<>();
        for (int i = 0; i < CdcSourceConfig.PG_OPERATIONS.size(); i++) {
          if (rs.getBoolean(i + 1)) {
            operations.add(CdcSourceConfig.PG_OPERATIONS.get(i));
          }
        }
        return operations;
      }
    }
  }

  private static void execute(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement()) {
      statement.execute(sql);
    }
  }
}
