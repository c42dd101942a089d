package io.crmerpsync.erp.sink.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlErrorClassifierTest {

  @ParameterizedTest(name = "PostgreSQL SQLState {0} is {1}")
  @CsvSource({
    "08006, TRANSIENT",
    "08001, TRANSIENT",
    "08003, TRANSIENT",
    "40001, TRANSIENT",
    "40P01, TRANSIENT",
    "53300, TRANSIENT",
    "57P01, TRANSIENT",
    "57P02, TRANSIENT",
    "57P03, TRANSIENT",
    "55P03, TRANSIENT",
    "57014, TRANSIENT",
    "22001, REJECTED_ROW",
    "22003, REJECTED_ROW",
    "22P02, REJECTED_ROW",
    "23502, REJECTED_ROW",
    "23505, REJECTED_ROW",
    "23514, REJECTED_ROW",
    "42804, REJECTED_ROW",
    "42P01, FATAL",
    "42703, FATAL",
    "42501, FATAL",
    "3F000, FATAL",
    "28P01, FATAL",
    "3D000, FATAL",
    "XX000, FATAL",
    "25P02, FATAL"
  })
  void shouldClassifyEachPostgresSqlStateAsDocumented(String state, SqlErrorClass expected) {
    assertThat(SqlErrorClassifier.POSTGRESQL.classify(new SQLException("boom", state)))
        .isEqualTo(expected);
  }

  @Test
  void shouldLookThroughABatchFailureToTheDatabasesOwnError() {
    BatchUpdateException batch =
        new BatchUpdateException("Batch entry 3 was aborted", null, new int[0]);
    batch.setNextException(
        new SQLException("ERROR: value too long for type character varying(2)", "22001"));

    assertThat(SqlErrorClassifier.POSTGRESQL.classify(batch)).isEqualTo(SqlErrorClass.REJECTED_ROW);
    assertThat(SqlErrorClassifier.sqlState(batch)).isEqualTo("22001");
    assertThat(SqlErrorClassifier.message(batch)).contains("value too long");
  }

  @Test
  void shouldTreatAPoolTimeoutWithoutSqlStateAsTransient() {
    assertThat(
            SqlErrorClassifier.POSTGRESQL.classify(
                new SQLTransientConnectionException("Connection is not available")))
        .isEqualTo(SqlErrorClass.TRANSIENT);
  }

  @Test
  void shouldStopOnAnUnknownErrorWithoutSqlState() {
    assertThat(SqlErrorClassifier.POSTGRESQL.classify(new SQLException("mystery")))
        .isEqualTo(SqlErrorClass.FATAL);
  }

  @ParameterizedTest(name = "MariaDB/MySQL SQLState {0} error {1} is {2}")
  @CsvSource({
    "08000, 0, TRANSIENT",
    "08S01, 1053, TRANSIENT",
    "08004, 1040, TRANSIENT",
    "40001, 1213, TRANSIENT",
    "70100, 1927, TRANSIENT",
    "70100, 1317, TRANSIENT",
    "HY000, 1205, TRANSIENT",
    "HY000, 1020, TRANSIENT",
    "HY000, 1021, TRANSIENT",
    "22001, 1406, REJECTED_ROW",
    "22003, 1264, REJECTED_ROW",
    "22007, 1292, REJECTED_ROW",
    "23000, 1062, REJECTED_ROW",
    "23000, 1048, REJECTED_ROW",
    "23000, 1452, REJECTED_ROW",
    "23000, 4025, REJECTED_ROW",
    "HY000, 1366, REJECTED_ROW",
    "01000, 1265, REJECTED_ROW",
    "HY000, 3819, REJECTED_ROW",
    "42S02, 1146, FATAL",
    "42S22, 1054, FATAL",
    "42000, 1049, FATAL",
    "42000, 1064, FATAL",
    "42000, 1142, FATAL",
    "28000, 1045, FATAL",
    "HY000, 1290, FATAL"
  })
  void shouldClassifyEachMariaDbErrorAsDocumented(String state, int code, SqlErrorClass expected) {
    assertThat(SqlErrorClassifier.MYSQL_FAMILY.classify(new SQLException("boom", state, code)))
        .isEqualTo(expected);
  }

  @Test
  void shouldFindTheMariaDbErrorBehindABatchFailureThroughItsCause() {
    SQLException cause = new SQLException("Data too long for column 'cc' at row 1", "22001", 1406);
    BatchUpdateException batch =
        new BatchUpdateException(
            cause.getMessage(), "22001", 1406, new int[] {Statement.EXECUTE_FAILED, 1}, cause);

    assertThat(SqlErrorClassifier.MYSQL_FAMILY.classify(batch))
        .isEqualTo(SqlErrorClass.REJECTED_ROW);
    assertThat(SqlErrorClassifier.errorCode(batch)).isEqualTo(1406);
  }

  @Test
  void shouldRecogniseMissingTablesInBothFamilies() {
    assertThat(SqlErrorClassifier.POSTGRESQL.isMissingTable(new SQLException("x", "42P01")))
        .isTrue();
    assertThat(SqlErrorClassifier.POSTGRESQL.isMissingTable(new SQLException("x", "22001")))
        .isFalse();
    assertThat(SqlErrorClassifier.MYSQL_FAMILY.isMissingTable(new SQLException("x", "42S02", 1146)))
        .isTrue();
    assertThat(SqlErrorClassifier.MYSQL_FAMILY.isMissingTable(new SQLException("x", "23000", 1062)))
        .isFalse();
  }
}
