package io.crmerpsync.deploy.reconcile;

import io.crmerpsync.deploy.kafka.OperatorKafka;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/** The two sides of a CRM reconciliation: the CRM's table, and the canonical records. */
public final class CrmTable {
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,63}(\\.[A-Za-z_][A-Za-z0-9_$]{0,63})?");

  private CrmTable() {}

  /**
   * Every row of {@code table} (a name, or {@code database.table}): id -> column -> value of {@code
   * columns} (the first is the id), read as one consistent snapshot (a single query) and streamed
   * from the server; {@code progress} is told the rows read every 10,000.
   */
  public static Map<String, Map<String, Object>> rows(
      Connection crm, String table, List<String> columns, LongConsumer progress)
      throws SQLException {
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("'" + table + "' is not a table name");
    }
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    try (PreparedStatement select =
        crm.prepareStatement(
            "SELECT " + String.join(", ", columns) + " FROM " + table,
            ResultSet.TYPE_FORWARD_ONLY,
            ResultSet.CONCUR_READ_ONLY)) {
      select.setFetchSize(1_000);
      try (ResultSet result = select.executeQuery()) {
        long read = 0;
        while (result.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), result.getObject(i + 1));
          }
          rows.put(result.getString(1), row);
          if (++read % 10_000 == 0) {
            progress.accept(read);
          }
        }
      }
    }
    return rows;
  }

  /** Key -> live canonical record of {@code topic}, read whole (tombstones drop the key). */
  public static <T extends org.apache.avro.specific.SpecificRecord> Map<String, T> canonical(
      OperatorKafka kafka,
      SchemaRegistryClient registry,
      String topic,
      Class<T> type,
      LongConsumer progress) {
    AvroWireSerde<T> serde = AvroWireSerde.forValues(registry, type);
    Map<String, T> live = new LinkedHashMap<>();
    kafka
        .latestByKey(topic, progress)
        .forEach(
            (key, bytes) -> {
              if (bytes != null) {
                live.put(key, serde.deserialize(topic, bytes));
              }
            });
    return live;
  }
}
