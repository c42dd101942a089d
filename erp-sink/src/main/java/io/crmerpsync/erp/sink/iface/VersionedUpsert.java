package io.crmerpsync.erp.sink.iface;

import io.crmerpsync.schemas.erp.ErpCommand;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one statement that writes a header row of an interface table: an insert that, on an existing
 * key, updates only when the command is newer than the row ({@code WHERE <table>.source_version <
 * EXCLUDED.source_version}). A stale or repeated command therefore changes nothing and reports 0
 * rows, which is how the sink counts it.
 *
 * <p>A command without payload (DELETE or DEACTIVATE that only names the key) still moves the
 * version fence and the action, but keeps the row's payload columns: each payload column is
 * assigned {@code CASE WHEN <has payload> THEN EXCLUDED.col ELSE <table>.col END}. Every applied
 * write resets {@code process_status} to PENDING and clears the importer's error, since the ERP has
 * to import the new version.
 */
final class VersionedUpsert<P> {

  private static final List<String> META_COLUMNS =
      List.of("source_version", "idempotency_key", "source_position", "source_commit_time");

  private final List<PayloadColumn<P>> payload;
  private final String sql;

  VersionedUpsert(String schema, String table, List<PayloadColumn<P>> payload) {
    this.payload = List.copyOf(payload);
    this.sql = buildSql(schema, table, this.payload);
  }

  String sql() {
    return sql;
  }

  private static <P> String buildSql(String schema, String table, List<PayloadColumn<P>> payload) {
    List<String> payloadNames = payload.stream().map(PayloadColumn::name).toList();
    String payloadList = String.join(", ", payloadNames);
    String payloadParams = payloadNames.stream().map(n -> "?").collect(Collectors.joining(", "));
    String payloadUpdates =
        payloadNames.stream()
            .map(n -> n + " = CASE WHEN ? THEN EXCLUDED." + n + " ELSE " + table + "." + n + " END")
            .collect(Collectors.joining(",\n  "));
    String metaUpdates =
        META_COLUMNS.stream().map(n -> n + " = EXCLUDED." + n).collect(Collectors.joining(",\n  "));
    return "INSERT INTO "
        + schema
        + "."
        + table
        + " (source_system, source_ref, action, "
        + payloadList
        + ", "
        + String.join(", ", META_COLUMNS)
        + ", process_status, error_code, error_message, batch_id, created_at, updated_at)\n"
        + "VALUES (?, ?, ?, "
        + payloadParams
        + ", ?, ?, ?, ?, 'PENDING', NULL, NULL, ?, now(), now())\n"
        + "ON CONFLICT (source_system, source_ref) DO UPDATE SET\n  action = EXCLUDED.action,\n  "
        + payloadUpdates
        + ",\n  "
        + metaUpdates
        + ",\n  process_status = 'PENDING',\n  error_code = NULL,\n  error_message = NULL,\n"
        + "  batch_id = EXCLUDED.batch_id,\n  updated_at = now()\n"
        + "WHERE "
        + table
        + ".source_version < EXCLUDED.source_version";
  }

  /** Binds one command; {@code body} is its payload, or null when it carries none. */
  void bind(PreparedStatement statement, ErpCommand command, P body, String batchId)
      throws SQLException {
    int index = 1;
    statement.setString(index++, command.getSourceSystem());
    statement.setString(index++, command.getSourceRef());
    statement.setString(index++, command.getAction().name());
    for (PayloadColumn<P> column : payload) {
      Object value = body == null ? null : column.value().apply(body);
      JdbcValues.bind(statement, index++, value, column.sqlType());
    }
    statement.setLong(index++, command.getVersion());
    statement.setString(index++, command.getIdempotencyKey());
    statement.setString(index++, command.getSourcePosition());
    JdbcValues.bind(statement, index++, command.getCommitTime(), Types.TIMESTAMP_WITH_TIMEZONE);
    statement.setString(index++, batchId);
    boolean hasPayload = body != null;
    for (int i = 0; i < payload.size(); i++) {
      statement.setBoolean(index++, hasPayload);
    }
  }
}
