package io.crmerpsync.deploy.cli;

import io.crmerpsync.streams.app.StreamsAppConfig;
import io.crmerpsync.streams.conflict.EntityRules;
import io.crmerpsync.streams.conflict.MappingFile;
import io.crmerpsync.streams.conflict.Policy;
import io.crmerpsync.streams.order.OrderFields;
import io.crmerpsync.streams.topology.EmitSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The CRM database of {@code reconcile}: how to read its tables, which fields it owns under the
 * mapping file, and where its capture takes signals. Without {@code --crm-url} the CRM is not
 * compared.
 */
final class CrmOptions {
  @Option(
      names = "--crm-url",
      description =
          "JDBC URL of the CRM database (e.g. jdbc:mariadb://crm:3306/sales): also compare its"
              + " table(s) with the canonical records, row by row and field by field.")
  String url;

  @Option(names = "--crm-user", description = "CRM database user (with --crm-url).")
  String user;

  @Option(
      names = "--crm-password-env",
      defaultValue = "SYNC_CRM_PASSWORD",
      description =
          "Environment variable holding the CRM database password (default: ${DEFAULT-VALUE});"
              + " unset means no password.")
  String passwordEnv;

  @Option(
      names = "--crm-table",
      description =
          "The CRM's table, or database.table (default: customers; orders for reconcile orders,"
              + " whose lines are in order_lines beside it).")
  String table;

  @Option(
      names = "--crm-source",
      defaultValue = EmitSettings.CRM_SOURCE,
      description =
          "The CRM database's name in the mapping file (default: ${DEFAULT-VALUE}, the first CRM"
              + " database; another one: its name in sync.extra.crm.sources, with"
              + " --source-system and --crm-topic-prefix). It decides the fields compared, where"
              + " repairs go and the audit trail's table.")
  String source;

  @Option(
      names = "--crm-topic-prefix",
      defaultValue = "crm",
      description =
          "crm.topic.prefix of the CRM database's capture, under which it takes signals"
              + " (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--signal-topic",
      defaultValue = "sync.cdc.signals.v1",
      description =
          "cdc.signal.topic of the CRM database's capture, where --repair asks it to read rows"
              + " again (default: ${DEFAULT-VALUE}).")
  String signalTopic;

  @Option(
      names = "--mapping",
      description =
          "The mapping file the streams application runs with (sync.mapping.file): only the"
              + " fields the CRM database owns are compared, the others may rightly hold another"
              + " source's value. Without it the first CRM database owns every field, as in the"
              + " application.")
  Path mapping;

  /** Whether the CRM is compared at all. */
  boolean enabled() {
    return url != null;
  }

  /** Refuses options that make no sense together, before anything is read or written. */
  void validate() {
    if (url == null) {
      if (user != null || mapping != null || table != null) {
        throw new IllegalArgumentException(
            "--crm-user, --crm-table and --mapping go with --crm-url");
      }
      return;
    }
    if (user == null) {
      throw new IllegalArgumentException("--crm-url needs --crm-user");
    }
  }

  /** Whether the database is the first CRM database (the mapping's {@code crm}). */
  boolean first() {
    return EmitSettings.CRM_SOURCE.equals(source);
  }

  /** {@code --crm-table}, or {@code defaultTable}. */
  String table(String defaultTable) {
    return table == null ? defaultTable : table;
  }

  /** {@code table} as Debezium names it: {@code database.table}. */
  static String dataCollection(Connection connection, String table) throws SQLException {
    return table.contains(".") ? table : connection.getCatalog() + "." + table;
  }

  /** A table beside {@code table} in its database: {@code sales.orders} -> {@code sales.lines}. */
  static String beside(String table, String other) {
    int dot = table.lastIndexOf('.');
    return dot < 0 ? other : table.substring(0, dot + 1) + other;
  }

  /** The audit trail's table of this database's {@code table} rows, as the application names it. */
  String auditTable(String table) {
    return first() ? table : source + "." + table;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, System.getenv(passwordEnv));
  }

  /**
   * Which of {@code columns} this database owns for {@code entity} ({@code customer}, {@code
   * order}) under the mapping file. For orders, {@code owner: crm} is the order's own database, and
   * the header columns no policy may name are always the CRM's. Without a mapping file the first
   * CRM database owns every customer field and every order field.
   */
  List<String> ownedColumns(String entity, List<String> columns) {
    boolean order = "order".equals(entity);
    EntityRules rules =
        order ? EmitSettings.crmOwnsEveryOrderField() : EmitSettings.crmOwnsEverything();
    if (mapping != null) {
      try {
        rules =
            StreamsAppConfig.mappingRules(Files.readString(mapping), mapping.toString())
                .getOrDefault(entity, rules);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the mapping file " + mapping + ": " + e);
      } catch (MappingFile.MappingException e) {
        throw new IllegalArgumentException("mapping file " + e.getMessage());
      }
    }
    // An order belongs to one CRM database: its rules' crm is that database.
    EntityRules entityRules =
        order ? rules.withOwnerRenamed(EmitSettings.CRM_SOURCE, source) : rules;
    return columns.stream()
        .filter(
            column ->
                (order && !OrderFields.POLICY_FIELDS.contains(column))
                    || entityRules.policyOf(column) instanceof Policy.Owner owner
                        && owner.source().equals(source))
        .toList();
  }
}
