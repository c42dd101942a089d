package io.crmerpsync.erp.sink.iface;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** Binds the few Java types of the ERP command model as parameters of either dialect. */
final class JdbcValues {
  private JdbcValues() {}

  static void bind(
      Dialect dialect, PreparedStatement statement, int index, Object value, int sqlType)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, dialect.nullType(sqlType));
    } else if (value instanceof Instant instant) {
      // Bound without the JVM's zone: with offset for TIMESTAMPTZ, as UTC time for DATETIME.
      statement.setObject(index, dialect.timestamp(instant));
    } else {
      statement.setObject(index, value, sqlType);
    }
  }
}
