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
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * The two sides of a reconciliation: the version of the last command the pipeline sent per record
 * (the compacted command topic, read whole), and the version of each row of the ERP's interface
 * table for those records.
 */
public final class ErpVersions {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private ErpVersions() {}

  /** Source ref -> version of the last command on {@code commandsTopic} of {@code sourceSystem}. */
  public static Map<String, Long> sent(
      OperatorKafka kafka,
      SchemaRegistryClient registry,
      String commandsTopic,
      String sourceSystem,
      LongConsumer progress) {
    AvroWireSerde<ErpCommand> commands = AvroWireSerde.forValues(registry, ErpCommand.class);
    // Record key -> the last command's source ref and version, decoded as read: the topic's
    // records are not held (a million commands would be hundreds of MiB).
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
            byKey.put(key, new Sent(command.getSourceRef(), command.getVersion()));
          } else {
            byKey.remove(key);
          }
        },
        progress);
    Map<String, Long> versions = new HashMap<>();
    byKey.values().forEach(sent -> versions.put(sent.ref(), sent.version()));
    return versions;
  }

  private record Sent(String ref, long version) {}

  /** Source ref -> {@code source_version} of {@code schema.table}'s rows of the source. */
  public static Map<String, Long> inErp(
      Connection erp, String schema, String table, String sourceSystem) throws SQLException {
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("'" + schema + "' is not a schema name");
    }
    Map<String, Long> versions = new HashMap<>();
    try (PreparedStatement select =
        erp.prepareStatement(
            "SELECT source_ref, source_version FROM "
                + schema
                + "."
                + table
                + " WHERE source_system = ?")) {
      select.setString(1, sourceSystem);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          versions.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return versions;
  }
}
