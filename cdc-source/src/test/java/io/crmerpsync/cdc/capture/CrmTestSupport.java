package io.crmerpsync.cdc.capture;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.crmerpsync.embedded.sample.SampleCrm;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Shared set-up of the capture tests: one CRM database, topics and engine identity per test. */
final class CrmTestSupport {

  static final String CDC_USER = "cdc";
  static final String CDC_PASSWORD = "cdc-secret";

  private CrmTestSupport() {}

  /** Creates {@code db} with the sample CRM schema. */
  static void createCrmDatabase(EmbeddedMariaDb mariaDb, String db) {
    mariaDb.createDatabase(db);
    mariaDb.runScript(db, SampleCrm.SCHEMA_RESOURCE);
  }

  /** Settings for a source of {@code db} whose topics, offsets and engine name are its own. */
  static Map<String, Object> settings(
      EmbeddedMariaDb mariaDb, EmbeddedKafka kafka, String db, long serverId) {
    Map<String, Object> s = new HashMap<>();
    s.put(CdcSourceConfig.CRM_PORT, mariaDb.port());
    s.put(CdcSourceConfig.CRM_USER, CDC_USER);
    s.put(CdcSourceConfig.CRM_PASSWORD, CDC_PASSWORD);
    s.put(CdcSourceConfig.CRM_DATABASE, db);
    s.put(CdcSourceConfig.CRM_SERVER_ID, serverId);
    s.put(CdcSourceConfig.CRM_TOPIC_PREFIX, "crm_" + db);
    s.put(CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    s.put(CdcSourceConfig.CDC_NAME, "cdc-" + db);
    s.put(CdcSourceConfig.CDC_OFFSETS_TOPIC, "test.offsets." + db);
    s.put(CdcSourceConfig.CDC_SCHEMA_HISTORY_TOPIC, "test.history." + db);
    s.put(CdcSourceConfig.CDC_OFFSET_FLUSH_INTERVAL_MS, 200L);
    return s;
  }

  static void execute(EmbeddedMariaDb mariaDb, String db, String... statements)
      throws SQLException {
    try (Connection c = mariaDb.connect(db);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Runs {@code statements} in one transaction. */
  static void inTransaction(EmbeddedMariaDb mariaDb, String db, String... statements)
      throws SQLException {
    try (Connection c = mariaDb.connect(db)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
      }
      c.commit();
    }
  }

  static String insertCustomer(long id, String email) {
    return "INSERT INTO customers (id, first_name, last_name, email, country_code, credit_limit,"
        + " status, created_at) VALUES ("
        + id
        + ", 'Ada', 'Lovelace', '"
        + email
        + "', 'GB', 1500.00, 'ACTIVE', '2024-03-01 10:15:30.250')";
  }
}
