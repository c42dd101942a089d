package io.crmerpsync.deploy.reconcile;

import io.crmerpsync.deploy.kafka.OperatorKafka;
import io.crmerpsync.erp.sink.iface.Dialect;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpImportState;
import io.crmerpsync.schemas.erp.ErpImportStatus;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The two sides of a reconciliation: the version of the last command the pipeline sent per record
 * (the compacted command topic, read whole), and the version of each row of the ERP's interface
 * table for those records.
 */
public final class ErpVersions {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private ErpVersions() {}

  /**
   * What is known of one key on one side: the version, and the fingerprint of the payload (the
   * command's, or the interface row's columns), {@link PayloadFingerprint#NONE} without one.
   */
  public record Held(long version, long fingerprint) {}

  /**
   * Source ref -> version and payload fingerprint of the last command on {@code commandsTopic} of
   * {@code sourceSystem}; {@code payload} is the schema of the commands' payload (ErpCustomer,
   * ErpOrder).
   */
  public static Map<String, Held> sent(
      OperatorKafka kafka,
      SchemaRegistryClient registry,
      String commandsTopic,
      String sourceSystem,
      Schema payload,
      LongConsumer progress) {
    AvroWireSerde<ErpCommand> commands = AvroWireSerde.forValues(registry, ErpCommand.class);
    List<String> columns = PayloadFingerprint.columns(payload);
    return latestByRef(
        kafka,
        commandsTopic,
        bytes -> {
          ErpCommand command = commands.deserialize(commandsTopic, bytes);
          return sourceSystem.equals(command.getSourceSystem())
              ? Map.entry(
                  command.getSourceRef(),
                  new Held(command.getVersion(), fingerprint(command, columns)))
              : null;
        },
        progress);
  }

  /**
   * Source ref -> value of the last record of each key of {@code topic}, where {@code kept} gives
   * the record's source ref and value, or null for a record to leave out (a tombstone is left out
   * too). Decoded as read: the topic's records are not held (a million would be hundreds of MiB).
   */
  private static <V> Map<String, V> latestByRef(
      OperatorKafka kafka,
      String topic,
      java.util.function.Function<byte[], Map.Entry<String, V>> kept,
      LongConsumer progress) {
    Map<String, Map.Entry<String, V>> byKey = new HashMap<>();
    kafka.forEachRecord(
        topic,
        (key, bytes) -> {
          Map.Entry<String, V> entry = bytes == null ? null : kept.apply(bytes);
          if (entry == null) {
            byKey.remove(key);
          } else {
            byKey.put(key, entry);
          }
        },
        progress);
    Map<String, V> byRef = new HashMap<>();
    byKey.values().forEach(e -> byRef.put(e.getKey(), e.getValue()));
    return byRef;
  }

  private static long fingerprint(ErpCommand command, List<String> columns) {
    SpecificRecordBase payload =
        command.getCustomer() != null ? command.getCustomer() : command.getOrder();
    // Only an upsert's payload is the row's content; a deletion's row is the ERP's to keep.
    if (payload == null || command.getAction() != io.crmerpsync.schemas.erp.ErpAction.UPSERT) {
      return PayloadFingerprint.NONE;
    }
    long header = ofRecord(payload, columns, Set.copyOf(command.getOmittedColumns()));
    if (command.getOrder() == null) {
      return header;
    }
    long lines = PayloadFingerprint.NO_LINES;
    List<ErpOrderLine> byNumber = new ArrayList<>(command.getOrder().getLines());
    byNumber.sort(java.util.Comparator.comparingInt(ErpOrderLine::getLineNo));
    for (ErpOrderLine line : byNumber) {
      lines = PayloadFingerprint.addLine(lines, ofRecord(line, LINE_COLUMNS, Set.of()));
    }
    return PayloadFingerprint.withLines(header, lines);
  }

  private static long ofRecord(
      SpecificRecordBase record, List<String> columns, Set<String> omitted) {
    Schema schema = record.getSchema();
    return PayloadFingerprint.of(
        columns,
        column -> {
          Schema.Field field = schema.getField(CrmReconciliation.fieldOf(column));
          return field == null ? null : record.get(field.pos());
        },
        omitted);
  }

  /** The line columns an order's fingerprint covers: every column of an ERP order line. */
  private static final List<String> LINE_COLUMNS =
      PayloadFingerprint.columns(ErpOrderLine.getClassSchema());

  /**
   * Source ref -> the version the ERP's importer reported imported ({@code SUCCESS}) in the last
   * report of each {@code entity} ("customer", "order") of {@code sourceSystem} on {@code
   * statusTopic} (sync.erp-status.v1). An importer that removes the rows it processed leaves no
   * interface row behind such a version; the report says it was taken.
   */
  public static Map<String, Long> imported(
      OperatorKafka kafka,
      SchemaRegistryClient registry,
      String statusTopic,
      String entity,
      String sourceSystem,
      LongConsumer progress) {
    AvroWireSerde<ErpImportStatus> reports =
        AvroWireSerde.forValues(registry, ErpImportStatus.class);
    return latestByRef(
        kafka,
        statusTopic,
        bytes -> {
          ErpImportStatus report = reports.deserialize(statusTopic, bytes);
          return report.getStatus() == ErpImportState.SUCCESS
                  && entity.equals(report.getEntity())
                  && sourceSystem.equals(report.getSourceSystem())
              ? Map.entry(report.getSourceRef(), report.getVersion())
              : null;
        },
        progress);
  }

  /**
   * Source ref -> {@code source_version} and payload fingerprint of {@code schema.table}'s rows of
   * the source, the payload's columns as {@code payload} names them; with {@code linesTable} (an
   * order's, null for none) each row's lines there are in its fingerprint too.
   */
  public static Map<String, Held> inErp(
      Connection erp,
      String schema,
      String table,
      String linesTable,
      String sourceSystem,
      Schema payload)
      throws SQLException {
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("'" + schema + "' is not a schema name");
    }
    Dialect dialect = dialectOf(erp);
    boolean autoCommit = erp.getAutoCommit();
    // PostgreSQL's driver reads a result in fetch-size pieces only inside a transaction; in
    // autocommit it would hold every row of the tables in memory at once.
    erp.setAutoCommit(false);
    try {
      return read(erp, schema, table, linesTable, sourceSystem, payload, dialect);
    } finally {
      erp.rollback();
      erp.setAutoCommit(autoCommit);
    }
  }

  private static Map<String, Held> read(
      Connection erp,
      String schema,
      String table,
      String linesTable,
      String sourceSystem,
      Schema payload,
      Dialect dialect)
      throws SQLException {
    List<String> columns = PayloadFingerprint.columns(payload);
    Set<String> timestamps = PayloadFingerprint.timestampColumns(payload);
    Map<String, Long> lines =
        linesTable == null
            ? Map.of()
            : lineFingerprints(erp, schema + "." + linesTable, sourceSystem, dialect);
    Map<String, Held> held = new HashMap<>();
    try (PreparedStatement select =
        erp.prepareStatement(
            "SELECT source_ref, source_version, omitted_columns, "
                + String.join(", ", columns)
                + " FROM "
                + schema
                + "."
                + table
                + " WHERE source_system = ?")) {
      select.setString(1, sourceSystem);
      select.setFetchSize(1_000);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String omitted = rows.getString(3);
          Set<String> left =
              omitted == null || omitted.isBlank() ? Set.of() : Set.of(omitted.split(","));
          long fingerprint =
              PayloadFingerprint.of(
                  columns,
                  column ->
                      value(
                          rows, column, timestamps.contains(column), dialect, schema + "." + table),
                  left);
          String ref = rows.getString(1);
          if (linesTable != null) {
            fingerprint =
                PayloadFingerprint.withLines(
                    fingerprint, lines.getOrDefault(ref, PayloadFingerprint.NO_LINES));
          }
          held.put(ref, new Held(rows.getLong(2), fingerprint));
        }
      }
    }
    return held;
  }

  /** Order source ref -> the fingerprint of its lines in {@code table}, in line-number order. */
  private static Map<String, Long> lineFingerprints(
      Connection erp, String table, String sourceSystem, Dialect dialect) throws SQLException {
    Map<String, Long> lines = new HashMap<>();
    try (PreparedStatement select =
        erp.prepareStatement(
            "SELECT order_source_ref, "
                + String.join(", ", LINE_COLUMNS)
                + " FROM "
                + table
                + " WHERE source_system = ? ORDER BY order_source_ref, line_no")) {
      select.setString(1, sourceSystem);
      select.setFetchSize(1_000);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long line =
              PayloadFingerprint.of(
                  LINE_COLUMNS, column -> value(rows, column, false, dialect, table), Set.of());
          String ref = rows.getString(1);
          lines.put(
              ref,
              PayloadFingerprint.addLine(
                  lines.getOrDefault(ref, PayloadFingerprint.NO_LINES), line));
        }
      }
    }
    return lines;
  }

  /** One column of the current row; a timestamp as the instant the sink wrote ({@link Dialect}). */
  private static Object value(
      ResultSet rows, String column, boolean timestamp, Dialect dialect, String table) {
    try {
      return timestamp ? dialect.readTimestamp(rows, column) : rows.getObject(column);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + column + " of " + table, e);
    }
  }

  /** The sink's dialect of the ERP database {@code erp} is connected to. */
  private static Dialect dialectOf(Connection erp) throws SQLException {
    String url = erp.getMetaData().getURL();
    return Dialect.fromJdbcUrl(url)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the ERP database at "
                        + url
                        + " is none the ERP sink writes (PostgreSQL, MariaDB, MySQL)"));
  }
}
