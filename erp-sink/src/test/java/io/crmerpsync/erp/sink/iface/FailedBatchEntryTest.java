package io.crmerpsync.erp.sink.iface;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class FailedBatchEntryTest {

  private static final int F = Statement.EXECUTE_FAILED;

  @Test
  void shouldReadTheEntryFromPgjdbcsMessageWhenEveryCountIsFailed() {
    BatchUpdateException pgjdbc =
        new BatchUpdateException(
            "Batch entry 6 INSERT INTO t VALUES (('6'::int4), ('DEU')) was aborted: ERROR: value"
                + " too long",
            "22001",
            new int[] {F, F, F, F, F, F, F, F, F, F});

    assertThat(FailedBatchEntry.index(pgjdbc, 10)).isEqualTo(6);
  }

  @Test
  void shouldTakeTheFirstFailedCountWhenTheDriverRanTheRestOfTheBatch() {
    BatchUpdateException mariadb =
        new BatchUpdateException("(conn=6) Data too long", "22001", new int[] {1, 2, F, 1, F});

    assertThat(FailedBatchEntry.index(mariadb, 5)).isEqualTo(2);
  }

  @Test
  void shouldTakeTheEntryAfterTheLastCountWhenTheDriverStoppedAtTheFailure() {
    BatchUpdateException stopped =
        new BatchUpdateException("refused", "23000", new int[] {1, 1, 0});

    assertThat(FailedBatchEntry.index(stopped, 8)).isEqualTo(3);
  }

  @Test
  void shouldNotGuessWhenNothingNamesTheEntry() {
    assertThat(FailedBatchEntry.index(new BatchUpdateException("x", "22001", new int[] {F, F}), 2))
        .isEqualTo(-1);
    assertThat(FailedBatchEntry.index(new BatchUpdateException("x", "22001", null), 2))
        .isEqualTo(-1);
    assertThat(
            FailedBatchEntry.index(
                new BatchUpdateException("Batch entry 9 x was aborted", "22001", new int[] {F}), 2))
        .as("an entry beyond the batch")
        .isEqualTo(-1);
  }
}
