package io.crmerpsync.deploy.pipeline;

import io.crmerpsync.cdc.capture.CdcSource;
import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.deploy.connect.ConnectWorker;
import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.embedded.EmbeddedMariaDb;
import io.crmerpsync.embedded.sample.SampleCrm;
import io.crmerpsync.registry.RegistryConfig;
import io.crmerpsync.registry.SchemaRegistryServer;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.streams.app.StreamsApp;
import io.crmerpsync.streams.app.StreamsAppConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process on loopback, the embedded default: a KRaft broker, MariaDB with
 * binlog as the CRM, PostgreSQL as the ERP, the schema registry, the streams application, a Connect
 * worker with the ERP sink, and cdc-source. Every part takes free ports and its own directory under
 * {@code dataDir}; {@link #close()} stops them in reverse order (capture first, the broker last),
 * so nothing is left running.
 *
 * <p>Limits: one of each part, no replication; it shows and tests the pipeline, it is not a
 * production deployment (see docs/operations.md for running the parts against real services).
 */
public final class EmbeddedPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPipeline.class);

  /** Database of the sample CRM in MariaDB. */
  public static final String CRM_DATABASE = "sales";

  /** Name of the ERP sink connector in the Connect worker. */
  public static final String SINK_CONNECTOR = "erp-sink";

  static final String CDC_USER = "cdc";
  static final String CDC_PASSWORD = "cdc-secret";

  private final Path dataDir;
  private final MeterRegistry meters;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EmbeddedKafka kafka;
  private EmbeddedMariaDb crm;
  // The server cdc-source reads: the CRM, or after a failover the replica promoted in its place.
  private EmbeddedMariaDb cdcServer;
  private EmbeddedErpPostgres erp;
  private SchemaRegistryServer registry;
  private StreamsApp streams;
  private ConnectWorker connect;
  private CdcSource cdc;

  private final int partitions;
  private Map<String, String> cdcOverrides = Map.of();
  private Map<String, String> erpCdcOverrides = Map.of();
  private Map<String, String> streamsOverrides = Map.of();
  private final Path mappingFile;
  private CdcSource erpCdc;
  private CdcSource erpStatusCdc;
  // A second CRM database (another regional office) sharing customers by email; null without one.
  private final String secondCrmName;
  private EmbeddedMariaDb secondCrm;
  private CdcSource secondCdc;

  /** Topic prefix of the second CRM database's raw topics. */
  public static final String SECOND_CRM_TOPIC_PREFIX = "crm2";

  /** Topic of the ERP's customer master changes (captured from PostgreSQL). */
  public static final String ERP_CUSTOMERS_TOPIC = "erp.erp.customer_master";

  public static final String ERP_ORDERS_TOPIC = "erp.erp.order_master";

  /**
   * Topics of the interface tables' changes (captured by the same ERP engine), where the importer's
   * reports come from; the streams application publishes them on sync.erp-status.v1.
   */
  public static final String ERP_CUSTOMER_IFACE_TOPIC = "erp.erp.customer_iface";

  public static final String ERP_ORDER_IFACE_TOPIC = "erp.erp.order_iface";

  private EmbeddedPipeline(
      Path dataDir, MeterRegistry meters, int partitions, Path mappingFile, String secondCrmName) {
    this.dataDir = dataDir;
    this.meters = meters;
    this.partitions = partitions;
    this.mappingFile = mappingFile;
    this.secondCrmName = secondCrmName;
  }

  /**
   * Starts every part with a second CRM database (its own MariaDB and cdc-source) whose customers
   * join the first one's by email, as source {@code secondCrmName}; {@code mappingFile} must list
   * that name among its sources. The ERP's customer master is not captured in this set-up.
   */
  public static EmbeddedPipeline startWithSecondCrm(
      Path dataDir, MeterRegistry meters, Path mappingFile, String secondCrmName) {
    return started(new EmbeddedPipeline(dataDir, meters, 1, mappingFile, secondCrmName));
  }

  /** Starts every part; on failure stops what had started and rethrows. */
  public static EmbeddedPipeline start(Path dataDir, MeterRegistry meters) {
    return start(dataDir, meters, 1);
  }

  /**
   * Starts every part with {@code partitions} partitions for every topic the pipeline creates (raw,
   * internal, canonical, commands), as a scaled deployment would have them.
   */
  public static EmbeddedPipeline start(Path dataDir, MeterRegistry meters, int partitions) {
    return start(dataDir, meters, partitions, null);
  }

  /**
   * Starts every part; {@code mappingFile} (may be null: the CRM owns every field) sets the field
   * policies between the CRM and the ERP's customer master.
   */
  public static EmbeddedPipeline start(
      Path dataDir, MeterRegistry meters, int partitions, Path mappingFile) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    return started(new EmbeddedPipeline(dataDir, meters, partitions, mappingFile, null));
  }

  /** {@code pipeline} with every part started; on failure stops what had started and rethrows. */
  private static EmbeddedPipeline started(EmbeddedPipeline pipeline) {
    try {
      pipeline.startAll();
      return pipeline;
    } catch (RuntimeException | Error e) {
      pipeline.close();
      throw e;
    }
  }

  private void startAll() {
    long begin = System.nanoTime();
    kafka = step("Kafka broker (KRaft)", () -> EmbeddedKafka.start(dir("kafka")));
    crm =
        step(
            "MariaDB CRM with binlog",
            () -> {
              EmbeddedMariaDb db = EmbeddedMariaDb.start(dir("mariadb"));
              db.createDatabase(CRM_DATABASE);
              db.runScript(CRM_DATABASE, SampleCrm.SCHEMA_RESOURCE);
              db.createCdcUser(CDC_USER, CDC_PASSWORD);
              return db;
            });
    erp =
        step(
            "PostgreSQL ERP (logical decoding on)",
            () -> {
              EmbeddedErpPostgres db =
                  EmbeddedErpPostgres.startWithLogicalDecoding(dir("postgres"));
              createErpCustomerMaster(db);
              return db;
            });
    registry =
        step(
            "schema registry",
            () ->
                SchemaRegistryServer.start(
                    RegistryConfig.forKafka(kafka.bootstrapServers()), meters));
    streams = step("streams application", () -> StreamsApp.start(streamsConfig(), meters));
    connect =
        step(
            "Connect worker with the ERP sink",
            () -> {
              ConnectWorker worker = ConnectWorker.start(kafka.bootstrapServers(), dir("connect"));
              worker.createConnector(SINK_CONNECTOR, sinkConnectorConfig());
              awaitSinkRunning(worker);
              return worker;
            });
    if (secondCrmName != null) {
      secondCrm =
          step(
              "second MariaDB CRM with binlog",
              () -> {
                EmbeddedMariaDb db = EmbeddedMariaDb.start(dir("mariadb-" + secondCrmName), 2);
                db.createDatabase(CRM_DATABASE);
                db.runScript(CRM_DATABASE, SampleCrm.SCHEMA_RESOURCE);
                db.createCdcUser(CDC_USER, CDC_PASSWORD);
                return db;
              });
    }
    cdc = step("CDC source (Debezium)", this::startCdc);
    if (secondCrmName != null) {
      secondCdc =
          step(
              "CDC source of the second CRM",
              () ->
                  awaitStreaming(
                      CdcSource.start(new CdcSourceConfig(secondCdcSettings()), meters)));
    }
    erpCdc =
        step(
            "ERP capture of the masters (Debezium PostgreSQL)",
            () -> awaitStreaming(CdcSource.start(new CdcSourceConfig(erpCdcSettings()), meters)));
    erpStatusCdc =
        step(
            "ERP capture of the interface tables' status (Debezium PostgreSQL)",
            () ->
                awaitStreaming(
                    CdcSource.start(new CdcSourceConfig(erpStatusCdcSettings()), meters)));
    LOG.info(
        "pipeline started in {} ms (data under {})",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
        dataDir.toAbsolutePath());
  }

  /** Waits until the sink task runs (it creates the ERP interface tables when it starts). */
  private static void awaitSinkRunning(ConnectWorker worker) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!worker.taskStates(SINK_CONNECTOR).contains("RUNNING")) {
      if (worker.taskStates(SINK_CONNECTOR).contains("FAILED") || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "ERP sink task did not reach RUNNING: connector "
                + worker.connectorState(SINK_CONNECTOR)
                + ", tasks "
                + worker.taskStates(SINK_CONNECTOR));
      }
      pause(50);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the pipeline", e);
    }
  }

  private static void createErpCustomerMaster(EmbeddedErpPostgres db) {
    try (java.sql.Connection connection = db.connect();
        java.sql.Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      statement.execute("CREATE SCHEMA IF NOT EXISTS erp");
      for (String file : java.util.List.of("erp-customer-master.sql", "erp-order-master.sql")) {
        String ddl =
            new String(
                EmbeddedPipeline.class
                    .getResourceAsStream("/io/crmerpsync/deploy/sample/" + file)
                    .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        for (String sql : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
          if (!sql.isBlank()) {
            statement.execute(sql);
          }
        }
      }
    } catch (java.sql.SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot create the ERP's sample tables: " + e, e);
    }
  }

  /** The ERP capture of the customer and order masters: every operation. */
  Map<String, String> erpCdcSettings() {
    Map<String, String> settings = erpCaptureSettings();
    settings.put(CdcSourceConfig.CRM_TABLES, "customer_master,order_master");
    settings.put(CdcSourceConfig.CDC_NAME, "erp-cdc");
    settings.putAll(erpCdcOverrides);
    return settings;
  }

  /**
   * The ERP capture of the interface tables, for the importer's status reports: its own slot and a
   * publication of updates and deletes only, so the sink's inserts (one per new row it writes)
   * never leave the server; the importer reports by updating the row (decision 10). Line changes
   * are not captured: lines have no status of their own.
   */
  Map<String, String> erpStatusCdcSettings() {
    Map<String, String> settings = erpCaptureSettings();
    settings.put(CdcSourceConfig.CRM_TABLES, "customer_iface,order_iface");
    settings.put(CdcSourceConfig.CDC_PG_PUBLISH, "update,delete");
    // Only what the status reports read: 10 columns of each row instead of all of them.
    settings.put(CdcSourceConfig.CRM_COLUMNS_INCLUDE, interfaceStatusColumns());
    // The sink's updates to PENDING (a newer version) are read, but not written to Kafka: no
    // status report reads them.
    settings.put(CdcSourceConfig.CRM_SKIP_ROWS, interfacePendingRows());
    settings.put(CdcSourceConfig.CDC_NAME, "erp-cdc-status");
    settings.put(CdcSourceConfig.CDC_PG_SLOT_NAME, "crm_erp_sync_status");
    settings.put(CdcSourceConfig.CDC_PG_PUBLICATION_NAME, "crm_erp_sync_status");
    settings.putAll(erpCdcOverrides);
    return settings;
  }

  private Map<String, String> erpCaptureSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(CdcSourceConfig.CRM_CONNECTOR, "postgres");
    settings.put(CdcSourceConfig.CRM_HOST, "127.0.0.1");
    settings.put(CdcSourceConfig.CRM_PORT, Integer.toString(erp.port()));
    settings.put(CdcSourceConfig.CRM_USER, erp.user());
    settings.put(CdcSourceConfig.CRM_PASSWORD, erp.password());
    settings.put(CdcSourceConfig.CRM_DATABASE, "postgres");
    settings.put("crm.schema", "erp");
    settings.put(CdcSourceConfig.CRM_TOPIC_PREFIX, "erp");
    settings.put(CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    settings.put(CdcSourceConfig.CDC_TOPIC_PARTITIONS, Integer.toString(partitions));
    // Not on the commit->ERP path: a 100 ms window spares the two cores Debezium's spin at the end
    // of every window (decision 6, session 15 update).
    settings.put(CdcSourceConfig.CDC_POLL_INTERVAL_MS, "100");
    return settings;
  }

  /** {@code customer_iface.process_status=PENDING,order_iface.process_status=PENDING}. */
  static String interfacePendingRows() {
    return "customer_iface.process_status=PENDING,order_iface.process_status=PENDING";
  }

  /** {@code customer_iface.<column>,...,order_iface.<column>,...} for the status columns. */
  static String interfaceStatusColumns() {
    return java.util.stream.Stream.of("customer_iface", "order_iface")
        .flatMap(
            table ->
                io.crmerpsync.streams.erpstatus.ErpStatusSources.COLUMNS_READ.stream()
                    .map(column -> table + "." + column))
        .collect(java.util.stream.Collectors.joining(","));
  }

  private CdcSource startCdc() {
    return awaitStreaming(CdcSource.start(new CdcSourceConfig(cdcSettings()), meters));
  }

  private static CdcSource awaitStreaming(CdcSource source) {
    // Ready means streaming: the snapshot is done, and every change committed from now on
    // arrives as a binlog event (changes made during the snapshot may be folded into it).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!source.isStreaming()) {
      if (!source.isRunning() || System.nanoTime() > deadline) {
        source.close();
        throw new IllegalStateException(
            "CDC source did not reach the binlog within 120 s"
                + source.failure().map(f -> ": " + f).orElse(""));
      }
      pause(50);
    }
    return source;
  }

  /**
   * Stops cdc-source and starts it again with {@code overrides} on top of its settings (empty: the
   * embedded defaults), for the benchmark's side-by-side comparisons of capture settings; the
   * overrides stay for later restarts.
   */
  public void restartCdcSource(Map<String, String> overrides) {
    cdcOverrides = Map.copyOf(overrides);
    restartCdcSource();
  }

  /**
   * Stops the streams application and starts it again with {@code overrides} on top of its settings
   * (empty: the embedded defaults), for the benchmark's side-by-side comparisons; returns once it
   * runs again. The overrides stay for later restarts.
   */
  public void restartStreams(Map<String, String> overrides) {
    restartStreams(overrides, () -> {});
  }

  /**
   * Stops the streams application, runs {@code whileStopped} (an operator's step that needs it
   * stopped, such as a replay), and starts it again as {@link #restartStreams(Map)} does.
   */
  public void restartStreams(Map<String, String> overrides, Runnable whileStopped) {
    streamsOverrides = Map.copyOf(overrides);
    started.remove(streams);
    streams.close();
    try {
      whileStopped.run();
    } finally {
      streams = StreamsApp.start(streamsConfig(), meters);
      started.push(streams);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (streams.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
      if (!streams.isRunning() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "streams application did not run again within 120 s: " + streams.state());
      }
      pause(50);
    }
  }

  /**
   * Stops the ERP captures (masters and interface-table status) and starts them again with {@code
   * overrides} on top of their settings (empty: the embedded defaults), for the benchmark's
   * side-by-side comparisons; the overrides stay for later restarts.
   */
  public void restartErpCapture(Map<String, String> overrides) {
    erpCdcOverrides = Map.copyOf(overrides);
    // Both settings are built first: an override they refuse leaves both captures running.
    CdcSourceConfig masters = new CdcSourceConfig(erpCdcSettings());
    CdcSourceConfig status = new CdcSourceConfig(erpStatusCdcSettings());
    started.remove(erpCdc);
    erpCdc.close();
    started.remove(erpStatusCdc);
    erpStatusCdc.close();
    erpCdc = awaitStreaming(CdcSource.start(masters, meters));
    started.push(erpCdc);
    erpStatusCdc = awaitStreaming(CdcSource.start(status, meters));
    started.push(erpStatusCdc);
  }

  /** Stops and starts cdc-source again, as an operator's restart would (tests use it). */
  public void restartCdcSource() {
    started.remove(cdc);
    cdc.close();
    cdc = startCdc();
    started.push(cdc);
  }

  /** Stops cdc-source alone (changes made meanwhile are read on {@link #startCdcSource()}). */
  public void stopCdcSource() {
    started.remove(cdc);
    cdc.close();
  }

  /** Starts cdc-source after {@link #stopCdcSource()}; it resumes from its stored offsets. */
  public void startCdcSource() {
    cdc = startCdc();
    started.push(cdc);
  }

  /**
   * Starts cdc-source after {@link #stopCdcSource()} and returns at once, without waiting for its
   * snapshot to end: for a snapshot of any length, whose progress the caller follows (the initial
   * load of the benchmark). {@link #cdc()} tells whether it still runs.
   */
  public void startCdcSourceWithoutWaiting() {
    startCdcSourceWithoutWaiting(Map.of());
  }

  /**
   * As {@link #startCdcSourceWithoutWaiting()}, with {@code overrides} on top of its settings for
   * this start only (the benchmark's initial load asks for {@code cdc.snapshot.mode=always}).
   */
  public void startCdcSourceWithoutWaiting(Map<String, String> overrides) {
    Map<String, String> settings = cdcSettings();
    settings.putAll(overrides);
    cdc = CdcSource.start(new CdcSourceConfig(settings), meters);
    started.push(cdc);
  }

  /**
   * A failover: cdc-source stops, and starts again against {@code promoted}, a replica of the CRM
   * (GTID replication, promoted by the caller), resuming from its stored offsets by GTID. The
   * pipeline does not own {@code promoted}: the caller stops it.
   */
  public void failOverCdcSourceTo(EmbeddedMariaDb promoted) {
    stopCdcSource();
    cdcServer = promoted;
    startCdcSource();
  }

  Map<String, String> cdcSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(CdcSourceConfig.CRM_CONNECTOR, "mariadb");
    settings.put(CdcSourceConfig.CRM_HOST, "127.0.0.1");
    EmbeddedMariaDb server = cdcServer == null ? crm : cdcServer;
    settings.put(CdcSourceConfig.CRM_PORT, Integer.toString(server.port()));
    settings.put(CdcSourceConfig.CRM_USER, CDC_USER);
    settings.put(CdcSourceConfig.CRM_PASSWORD, CDC_PASSWORD);
    settings.put(CdcSourceConfig.CRM_DATABASE, CRM_DATABASE);
    settings.put(CdcSourceConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    settings.put(CdcSourceConfig.CDC_TOPIC_PARTITIONS, Integer.toString(partitions));
    settings.putAll(cdcOverrides);
    return settings;
  }

  private Map<String, String> secondCdcSettings() {
    Map<String, String> settings = new LinkedHashMap<>(cdcSettings());
    settings.put(CdcSourceConfig.CRM_PORT, Integer.toString(secondCrm.port()));
    settings.put(CdcSourceConfig.CRM_SERVER_ID, "5402");
    settings.put(CdcSourceConfig.CRM_TOPIC_PREFIX, SECOND_CRM_TOPIC_PREFIX);
    settings.put(CdcSourceConfig.CDC_NAME, SECOND_CRM_TOPIC_PREFIX + "-cdc");
    settings.put(
        CdcSourceConfig.CDC_OFFSETS_TOPIC, "sync.cdc.offsets." + SECOND_CRM_TOPIC_PREFIX + ".v1");
    settings.put(
        CdcSourceConfig.CDC_SCHEMA_HISTORY_TOPIC,
        "sync.cdc.schema-history." + SECOND_CRM_TOPIC_PREFIX + ".v1");
    return settings;
  }

  private StreamsAppConfig streamsConfig() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(StreamsAppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    settings.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, registry.baseUri().toString());
    settings.put(StreamsAppConfig.STATE_DIR, dir("streams").toString());
    settings.put(StreamsAppConfig.DATABASE, CRM_DATABASE);
    settings.put(StreamsAppConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
    if (secondCrmName == null) {
      settings.put(StreamsAppConfig.ERP_CUSTOMERS_TOPIC, ERP_CUSTOMERS_TOPIC);
      settings.put(StreamsAppConfig.ERP_CUSTOMERS_CRM_ID_COLUMN, "crm_customer_id");
    } else {
      settings.put(StreamsAppConfig.CUSTOMER_MATCH_COLUMN, "email");
      settings.put(
          StreamsAppConfig.EXTRA_CRM_SOURCES,
          secondCrmName + "=" + SECOND_CRM_TOPIC_PREFIX + "." + CRM_DATABASE);
    }
    settings.put(StreamsAppConfig.ERP_ORDERS_TOPIC, ERP_ORDERS_TOPIC);
    settings.put(StreamsAppConfig.ERP_STATUS_CUSTOMERS_TOPIC, ERP_CUSTOMER_IFACE_TOPIC);
    settings.put(StreamsAppConfig.ERP_STATUS_ORDERS_TOPIC, ERP_ORDER_IFACE_TOPIC);
    if (mappingFile != null) {
      settings.put(StreamsAppConfig.MAPPING_FILE, mappingFile.toAbsolutePath().toString());
    }
    settings.putAll(streamsOverrides);
    return new StreamsAppConfig(settings);
  }

  private Map<String, String> sinkConnectorConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "io.crmerpsync.erp.sink.ErpSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", Topics.ERP_COMMANDS_CUSTOMERS + "," + Topics.ERP_COMMANDS_ORDERS);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", Topics.DEAD_LETTER);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    config.put("erp.jdbc.url", erp.jdbcUrl());
    config.put("erp.jdbc.user", erp.user());
    config.put("erp.jdbc.password", erp.password());
    config.put("schema.registry.url", registry.baseUri().toString());
    return config;
  }

  /** The streams application's state directory ({@code streams.state.dir}). */
  public Path streamsStateDir() {
    return dir("streams");
  }

  private Path dir(String name) {
    try {
      return Files.createDirectories(dataDir.resolve(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + dataDir.resolve(name), e);
    }
  }

  private <T extends AutoCloseable> T step(String what, java.util.function.Supplier<T> start) {
    long begin = System.nanoTime();
    T part = start.get();
    started.push(part);
    LOG.info("started {} in {} ms", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    return part;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public EmbeddedMariaDb crm() {
    return crm;
  }

  /** The second CRM database, or null when the pipeline has one CRM. */
  public EmbeddedMariaDb secondCrm() {
    return secondCrm;
  }

  public EmbeddedErpPostgres erp() {
    return erp;
  }

  public SchemaRegistryServer registry() {
    return registry;
  }

  public StreamsApp streams() {
    return streams;
  }

  public ConnectWorker connect() {
    return connect;
  }

  public CdcSource cdc() {
    return cdc;
  }

  /** Stops every started part, newest first; failures are logged and do not stop the rest. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("failed to stop {}: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
