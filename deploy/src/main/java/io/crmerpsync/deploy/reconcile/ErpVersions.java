package io.crmerpsync.deploy.reconcile;

import io.crmerpsync.deploy.kafka.OperatorKafka;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    // Record key -> the last command's source ref, version and fingerprint, decoded as read: the
    // topic's records are not held (a million commands would be hundreds of MiB).
    Map<String, Sent> byKey = new HashMap<>();
    kafka.forEachRecord(
        commandsTopic,
        (key, bytes) -> {
          if (bytes == null) {
            byKey.remove(key);
            return;
          }
          ErpCommand command = commands.deserialize(commandsTopic, bytes);
          if (sourceSystem.equals(command.getSourceSystem())) {
            byKey.put(
                key,
                new Sent(
                    command.getSourceRef(),
                    new Held(command.getVersion(), fingerprint(command, columns))));
          } else {
            byKey.remove(key);
          }
        },
        progress);
    Map<String, Held> sent = new HashMap<>();
    byKey.values().forEach(s -> sent.put(s.ref(), s.held()));
    return sent;
  }

  private static long fingerprint(ErpCommand command, List<String> columns) {
    SpecificRecordBase payload =
        command.getCustomer() != null ? command.getCustomer() : command.getOrder();
    // Only an upsert's payload is the row's content; a deletion's row is the ERP's to keep.
    if (payload == null || command.getAction() != io.crmerpsync.schemas.erp.ErpAction.UPSERT) {
      return PayloadFingerprint.NONE;
    }
    Schema schema = payload.getSchema();
    return PayloadFingerprint.of(
        columns,
        column -> {
          Schema.Field field = schema.getField(CrmReconciliation.fieldOf(column));
          return field == null ? null : payload.get(field.pos());
        },
        Set.copyOf(command.getOmittedColumns()));
  }

  private record Sent(String ref, Held held) {}

  /**
   * Source ref -> {@code source_version} and payload fingerprint of {@code schema.table}'s rows of
   * the source, the payload's columns as {@code payload} names them.
   */
  public static Map<String, Held> inErp(
      Connection erp, String schema, String table, String sourceSystem, Schema payload)
      throws SQLException {
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("'" + schema + "' is not a schema name");
    }
    List<String> columns = PayloadFingerprint.columns(payload);
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
                  column -> {
                    try {
                      return rows.getObject(column);
                    } catch (SQLException e) {
                      throw new IllegalStateException(
                          "cannot read " + column + " of " + schema + "." + table, e);
                    }
                  },
                  left);
          held.put(rows.getString(1), new Held(rows.getLong(2), fingerprint));
        }
      }
    }
    return held;
  }
}
