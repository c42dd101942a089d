package io.crmerpsync.erp.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crmerpsync.erp.sink.iface.Dialect;

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
    Dialect dialect = config.dialect();
    hikari.setJdbcUrl(dialect.driverUrl(config.jdbcUrl()));
    // Named explicitly: inside Connect's plugin class loader, DriverManager's lookup by URL does
    // not see a driver that only the plugin's loader knows.
    hikari.setDriverClassName(dialect.driverClassName());
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
    // PostgreSQL: lets a DBA see (and tests find) the sink's sessions in pg_stat_activity.
    // MariaDB/MySQL: what the statements rely on (affected rows, per-row batch counts, values the
    // server refuses rather than the binary protocol mangles).
    dialect
        .driverProperties("crm-erp-sync erp-sink " + taskName)
        .forEach(hikari::addDataSourceProperty);
    dialect.connectionInitSql().ifPresent(hikari::setConnectionInitSql);
    return new HikariDataSource(hikari);
  }
}
