package io.crmerpsync.erp.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Builds a task's small connection pool to the ERP database. */
final class ConnectionPool {

  /**
   * Short on purpose: Connect re-delivers a batch that failed transiently, so a task should give up
   * waiting for a connection soon and let the retry backoff pace the attempts.
   */
  private static final long CONNECTION_TIMEOUT_MS = 5_000;

  private ConnectionPool() {}

  static HikariDataSource create(ErpSinkConfig config, String taskName) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("erp-sink-" + taskName);
    hikari.setJdbcUrl(config.jdbcUrl());
    // Named explicitly: inside Connect's plugin class loader, DriverManager's lookup by URL does
    // not see a driver that only the plugin's loader knows.
    hikari.setDriverClassName("org.postgresql.Driver");
    if (!config.jdbcUser().isEmpty()) {
      hikari.setUsername(config.jdbcUser());
    }
    if (!config.jdbcPassword().isEmpty()) {
      hikari.setPassword(config.jdbcPassword());
    }
    hikari.setMaximumPoolSize(config.poolMaxSize());
    hikari.setMinimumIdle(1);
    hikari.setAutoCommit(false);
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    // Do not fail start() when the database is down: put() reports that as retriable instead.
    hikari.setInitializationFailTimeout(-1);
    // Lets a DBA see (and tests find) the sink's sessions in pg_stat_activity.
    hikari.addDataSourceProperty("ApplicationName", "crm-erp-sync erp-sink " + taskName);
    return new HikariDataSource(hikari);
  }
}
