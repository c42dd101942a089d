package io.crmerpsync.erp.sink.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlErrorClassifierTest {

  @ParameterizedTest(name = "SQLState {0} is {1}")
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
  void shouldClassifyEachSqlStateAsDocumented(String state, SqlErrorClass expected) {
    assertThat(SqlErrorClassifier.classify(new SQLException("boom", state))).isEqualTo(expected);
  }

  @Test
  void shouldLookThroughABatchFailureToTheDatabasesOwnError() {
    BatchUpdateException batch =
        new BatchUpdateException("Batch entry 3 was aborted", null, new int[0]);
    batch.setNextException(
        new SQLException("ERROR: value too long for type character varying(2)", "22001"));

    assertThat(SqlErrorClassifier.classify(batch)).isEqualTo(SqlErrorClass.REJECTED_ROW);
    assertThat(SqlErrorClassifier.sqlState(batch)).isEqualTo("22001");
    assertThat(SqlErrorClassifier.message(batch)).contains("value too long");
  }

  @Test
  void shouldTreatAPoolTimeoutWithoutSqlStateAsTransient() {
    assertThat(
            SqlErrorClassifier.classify(
                new SQLTransientConnectionException("Connection is not available")))
        .isEqualTo(SqlErrorClass.TRANSIENT);
  }

  @Test
  void shouldStopOnAnUnknownErrorWithoutSqlState() {
    assertThat(SqlErrorClassifier.classify(new SQLException("mystery")))
        .isEqualTo(SqlErrorClass.FATAL);
  }
}
