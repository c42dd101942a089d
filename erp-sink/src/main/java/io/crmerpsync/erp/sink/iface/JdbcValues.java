package io.crmerpsync.erp.sink.iface;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Binds the few Java types of the ERP command model to PostgreSQL parameters. */
final class JdbcValues {
  private JdbcValues() {}

  static void bind(PreparedStatement statement, int index, Object value, int sqlType)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, sqlType);
    } else if (value instanceof Instant instant) {
      // TIMESTAMPTZ: an offset date-time carries the instant without the JVM's zone.
      statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    } else {
      statement.setObject(index, value, sqlType);
    }
  }
}
