package io.crmerpsync.erp.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.crmerpsync.erp.sink.command.CommandDecoder;
import io.crmerpsync.erp.sink.command.CommandRecord;
import io.crmerpsync.erp.sink.command.DecodeResult;
import io.crmerpsync.erp.sink.error.RejectedRecordException;
import io.crmerpsync.erp.sink.error.RejectedRecordException.Reason;
import io.crmerpsync.erp.sink.error.SqlErrorClass;
import io.crmerpsync.erp.sink.error.SqlErrorClassifier;
import io.crmerpsync.erp.sink.iface.ApplyOutcome;
import io.crmerpsync.erp.sink.iface.InterfaceTableWriter;
import io.crmerpsync.erp.sink.iface.InterfaceTables;
import io.crmerpsync.erp.sink.metrics.SinkCounters;
import io.crmerpsync.erp.sink.metrics.SinkCounts;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the ERP commands of each {@code put()} to the interface tables in one database
 * transaction, then commits; Connect commits the consumer offsets afterwards, so a crash in between
 * re-delivers commands that the version fence then skips.
 *
 * <p>Failure handling, per record or per batch:
 *
 * <ul>
 *   <li>stale or repeated command: nothing changes; counted as skipped-stale, logged at DEBUG;
 *   <li>value not decodable, or the database refuses one command's data: the record goes to
 *       Connect's errant record reporter (dead-letter topic) with the reason and, for the database,
 *       its SQLState; the other records of the batch are committed. Without a reporter ({@code
 *       errors.tolerance=none}, no DLQ) the task fails, naming topic, partition and offset;
 *   <li>transient database or registry failure: roll back, {@link RetriableException} after setting
 *       the retry backoff; Connect re-delivers the same batch, the task keeps running;
 *   <li>anything else (missing tables, no privilege, bad credentials): the task fails.
 * </ul>
 *
 * <p>See {@link SqlErrorClassifier} for which SQLStates fall where, per database family.
 */
public final class ErpSinkTask extends SinkTask {

  private static final Logger log = LoggerFactory.getLogger(ErpSinkTask.class);

  private final Function<ErpSinkConfig, SchemaRegistryClient> registryFactory;
  private final SinkCounters counters = new SinkCounters();
  private ErpSinkConfig config;
  private String taskName;
  private CommandDecoder decoder;
  private InterfaceTableWriter writer;
  private HikariDataSource dataSource;
  private ErrantRecordReporter reporter;
  private volatile boolean tablesChecked;
  // Threads that write the other parts of a batch while the task's thread writes the first.
  private java.util.concurrent.ExecutorService partWriters;
  private long startedAtMillis;
  private long batchSequence;

  /** Used by Connect: resolves schemas through {@code schema.registry.url}. */
  public ErpSinkTask() {
    this(config -> new RestSchemaRegistryClient(config.schemaRegistryUrl()));
  }

  /** For tests: resolves schemas through the given client; {@code schema.registry.url} unused. */
  ErpSinkTask(SchemaRegistryClient registry) {
    this(config -> registry);
  }

  private ErpSinkTask(Function<ErpSinkConfig, SchemaRegistryClient> registryFactory) {
    this.registryFactory = registryFactory;
  }

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new ErpSinkConfig(props);
    String connector = props.getOrDefault("name", "erp-sink");
    String index = props.getOrDefault(ErpSinkConnector.TASK_INDEX, "0");
    taskName = connector + "-" + index;
    decoder =
        new CommandDecoder(
            AvroWireSerde.forValues(registryFactory.apply(config), ErpCommand.class));
    writer = new InterfaceTableWriter(config.dialect(), config.schema(), config.batchSize());
    dataSource = ConnectionPool.create(config, taskName);
    reporter = errantRecordReporter();
    tablesChecked = false;
    // MariaDB/MySQL write one part at a time: InnoDB's gap locks let two transactions that
    // replace the lines of different orders deadlock (seen in MariaDbErpSinkTest).
    if (config.writeParallelism() > 1 && !config.dialect().isMySqlFamily()) {
      java.util.concurrent.atomic.AtomicInteger threads =
          new java.util.concurrent.atomic.AtomicInteger();
      partWriters =
          java.util.concurrent.Executors.newFixedThreadPool(
              config.writeParallelism() - 1,
              runnable -> {
                Thread thread =
                    new Thread(runnable, taskName + "-part-writer-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
    }
    createTablesEarly();
    startedAtMillis = System.currentTimeMillis();
    counters.registerJmx(connector, index);
    log.info(
        "ERP sink task {} started: {} schema {}, batch size {}, pool {}, dead-letter reporting {}",
        taskName,
        config.dialect(),
        config.schema(),
        config.batchSize(),
        config.poolMaxSize(),
        reporter == null ? "off (a refused record fails the task)" : "on");
  }

  private ErrantRecordReporter errantRecordReporter() {
    if (context == null) {
      return null;
    }
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      // Connect before 2.6 has no errant record reporter.
      return null;
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    List<CommandRecord> commands = new ArrayList<>(records.size());
    List<Refusal> refusals = new ArrayList<>();
    long tombstones = 0;
    for (SinkRecord record : records) {
      DecodeResult result = decoder.decode(record);
      if (result instanceof DecodeResult.Decoded decoded) {
        commands.add(decoded.command());
      } else if (result instanceof DecodeResult.Undecodable undecodable) {
        refusals.add(new Refusal(record, undecodable.reason()));
      } else {
        tombstones++;
        log.debug("Skipping tombstone at {}", CommandRecord.coordinates(record));
      }
    }
    if (!refusals.isEmpty() && reporter == null) {
      throw noReporter(refusals.get(0));
    }
    String batchId = taskName + "-" + startedAtMillis + "-" + (++batchSequence);
    ApplyOutcome outcome = write(commands, batchId);
    for (ApplyOutcome.Rejection rejection : outcome.rejected()) {
      refusals.add(databaseRefusal(rejection));
    }
    for (CommandRecord stale : outcome.stale()) {
      log.debug(
          "Skipped stale command {} at {}: the ERP holds this version or a newer one",
          stale.describe(),
          stale.coordinates());
    }
    report(refusals);
    counters.addApplied(outcome.applied().size());
    counters.addSkippedStale(outcome.stale().size());
    counters.addRejected(refusals.size());
    counters.addTombstones(tombstones);
    log.debug(
        "Batch {}: {} records, {} applied, {} stale, {} dead-lettered, {} tombstones",
        batchId,
        records.size(),
        outcome.applied().size(),
        outcome.stale().size(),
        refusals.size(),
        tombstones);
  }

  /** Commands below which a batch is written in one part: splitting it would not pay. */
  static final int MIN_COMMANDS_TO_SPLIT = 64;

  private ApplyOutcome write(List<CommandRecord> commands, String batchId) {
    if (commands.isEmpty()) {
      return new ApplyOutcome(List.of(), List.of(), List.of());
    }
    List<List<CommandRecord>> parts =
        partsByKey(commands, partWriters == null ? 1 : config.writeParallelism());
    if (parts.size() == 1) {
      return writePart(commands, batchId);
    }
    List<java.util.concurrent.Future<ApplyOutcome>> others = new ArrayList<>();
    for (List<CommandRecord> part : parts.subList(1, parts.size())) {
      others.add(partWriters.submit(() -> writePart(part, batchId)));
    }
    List<ApplyOutcome> outcomes = new ArrayList<>();
    RuntimeException failure = null;
    try {
      outcomes.add(writePart(parts.get(0), batchId));
    } catch (RuntimeException e) {
      failure = e;
    }
    // Every part is waited for, also after a failure or an interrupt: none may still write when
    // put() returns. An interrupt is kept and restored once all parts are done.
    boolean interrupted = false;
    for (java.util.concurrent.Future<ApplyOutcome> other : others) {
      while (true) {
        try {
          outcomes.add(other.get());
          break;
        } catch (java.util.concurrent.ExecutionException e) {
          if (failure == null) {
            failure =
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new ConnectException("ERP sink part writer failed", e.getCause());
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      if (failure == null) {
        failure = new RetriableException("interrupted while writing a batch");
      }
    }
    if (failure != null) {
      throw failure;
    }
    List<CommandRecord> applied = new ArrayList<>();
    List<CommandRecord> stale = new ArrayList<>();
    List<ApplyOutcome.Rejection> rejected = new ArrayList<>();
    for (ApplyOutcome outcome : outcomes) {
      applied.addAll(outcome.applied());
      stale.addAll(outcome.stale());
      rejected.addAll(outcome.rejected());
    }
    return new ApplyOutcome(applied, stale, rejected);
  }

  /**
   * {@code commands} split into at most {@code parts} lists by ERP key, each in the batch's order:
   * every command of one key (an order with its lines is one key) lands in the same list, so no two
   * parts touch one row. Keys are grouped case-insensitively and without trailing spaces, as
   * MariaDB's default collation compares them, so two keys one database takes for the same row
   * never go to two connections. One list when {@code parts} is 1 or the batch is small.
   */
  static List<List<CommandRecord>> partsByKey(List<CommandRecord> commands, int parts) {
    if (parts <= 1 || commands.size() < MIN_COMMANDS_TO_SPLIT) {
      return List.of(commands);
    }
    List<List<CommandRecord>> split = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      split.add(new ArrayList<>());
    }
    for (CommandRecord command : commands) {
      String key =
          command.entity().code()
              + "\u0000"
              + command.command().getSourceSystem()
              + "\u0000"
              + command.command().getSourceRef().stripTrailing().toLowerCase(java.util.Locale.ROOT);
      split.get(Math.floorMod(key.hashCode(), parts)).add(command);
    }
    split.removeIf(List::isEmpty);
    return split;
  }

  /** Writes {@code commands} in one transaction on one connection of the pool. */
  private ApplyOutcome writePart(List<CommandRecord> commands, String batchId) {
    try (Connection connection = dataSource.getConnection()) {
      try {
        ensureTables(connection);
        ApplyOutcome outcome = writer.apply(connection, commands, batchId);
        if (!outcome.rejected().isEmpty() && reporter == null) {
          connection.rollback();
          throw noReporter(databaseRefusal(outcome.rejected().get(0)));
        }
        connection.commit();
        return outcome;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e, commands.size());
    }
  }

  /**
   * Creates the interface tables at start so the ERP team sees them before the first command. If
   * the database is unreachable now, the first put() tries again (and retries as transient).
   */
  private void createTablesEarly() {
    try (Connection connection = dataSource.getConnection()) {
      ensureTables(connection);
    } catch (SQLException e) {
      log.warn(
          "ERP sink task {} could not check the interface tables at start ({}); will retry on the"
              + " first batch",
          taskName,
          SqlErrorClassifier.message(e));
    }
  }

  private synchronized void ensureTables(Connection connection) throws SQLException {
    if (tablesChecked) {
      return;
    }
    if (config.tablesAutoCreate()) {
      InterfaceTables.createIfAbsent(connection, config.dialect(), config.schema());
    } else {
      // The DBA owns the DDL: say exactly what an upgrade needs instead of failing every write.
      List<String> missing =
          InterfaceTables.missingColumnsOfLaterVersions(
              connection, config.dialect(), config.schema());
      connection.commit();
      if (!missing.isEmpty()) {
        throw new ConnectException(
            "ERP sink task "
                + taskName
                + ": the interface tables in schema "
                + config.schema()
                + " lack columns this version writes. Run: "
                + String.join("; ", missing)
                + " (or set "
                + ErpSinkConfig.TABLES_AUTO_CREATE
                + "=true to let the sink add them)");
      }
    }
    tablesChecked = true;
  }

  private RuntimeException translate(SQLException e, int records) {
    SqlErrorClass errorClass = config.dialect().errors().classify(e);
    String state = SqlErrorClassifier.sqlState(e);
    String detail = "SQLState " + state + ": " + SqlErrorClassifier.message(e);
    if (errorClass == SqlErrorClass.TRANSIENT) {
      long backoff = config.retryBackoff().toMillis();
      if (context != null) {
        context.timeout(backoff);
      }
      log.warn(
          "ERP database failed transiently ({}); Connect re-delivers {} records in {} ms",
          detail,
          records,
          backoff);
      return new RetriableException("ERP database failed transiently (" + detail + ")", e);
    }
    String hint =
        config.dialect().errors().isMissingTable(e)
            ? "; the interface tables are missing in schema "
                + config.schema()
                + ": set "
                + ErpSinkConfig.TABLES_AUTO_CREATE
                + "=true or run "
                + config.dialect().ddlResource()
            : "";
    return new ConnectException(
        "ERP sink task " + taskName + " cannot write to the ERP database (" + detail + ")" + hint,
        e);
  }

  private static Refusal databaseRefusal(ApplyOutcome.Rejection rejection) {
    SQLException failure = rejection.failure();
    String state = SqlErrorClassifier.sqlState(failure);
    int code = SqlErrorClassifier.errorCode(failure);
    String message =
        "ERP database refused "
            + rejection.command().describe()
            + " (SQLState "
            + state
            + (code != 0 ? ", error " + code : "")
            + "): "
            + SqlErrorClassifier.message(failure);
    return new Refusal(
        rejection.command().record(),
        new RejectedRecordException(Reason.DATABASE_REJECTED, state, message, failure));
  }

  private ConnectException noReporter(Refusal refusal) {
    SinkRecord record = refusal.record();
    return new ConnectException(
        "ERP sink task "
            + taskName
            + " cannot apply the record at topic "
            + record.topic()
            + ", partition "
            + record.kafkaPartition()
            + ", offset "
            + record.kafkaOffset()
            + " (key "
            + record.key()
            + "): "
            + refusal.reason().getMessage()
            + ". The connector has no errant record reporter, so the task stops rather than"
            + " skip the record; set errors.tolerance=all and errors.deadletterqueue.topic.name"
            + " to dead-letter such records instead.",
        refusal.reason());
  }

  private void report(List<Refusal> refusals) {
    // Decoding and database refusals are found in two passes; report them in log order.
    refusals.sort(
        Comparator.comparing((Refusal r) -> r.record().topic())
            .thenComparing(r -> r.record().kafkaPartition())
            .thenComparingLong(r -> r.record().kafkaOffset()));
    for (Refusal refusal : refusals) {
      SinkRecord record = refusal.record();
      log.warn(
          "Dead-lettering record {} key {}: {}",
          CommandRecord.coordinates(record),
          record.key(),
          refusal.reason().getMessage());
      // Connect waits for these reports before it commits the offsets of this batch.
      reporter.report(record, refusal.reason());
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.debug(
          "Rollback failed after an error (the connection is likely broken): {}", e.toString());
    }
  }

  /** What this task did since it started. */
  public SinkCounts counts() {
    return counters.snapshot();
  }

  @Override
  public void stop() {
    counters.unregisterJmx();
    if (partWriters != null) {
      partWriters.shutdownNow();
      partWriters = null;
    }
    if (dataSource != null) {
      dataSource.close();
      dataSource = null;
    }
    log.info("ERP sink task {} stopped: {}", taskName, counters.snapshot());
  }

  /** A record the sink gives up on, with the reason. */
  private record Refusal(SinkRecord record, RejectedRecordException reason) {}
}
