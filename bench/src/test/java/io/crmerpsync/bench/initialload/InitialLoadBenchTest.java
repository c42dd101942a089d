package io.crmerpsync.bench.initialload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitialLoadBenchTest {

  @Test
  void reportSaysTheRowsCameThroughTheSnapshotWhenItReadThemAll() {
    assertThat(InitialLoadBench.howCaptured(300_000, 300_000))
        .contains("through Debezium's snapshot")
        .contains("300,000 snapshot events")
        .doesNotContain("binlog backlog");
  }

  @Test
  void reportSplitsSnapshotAndBinlogWhenTheSnapshotReadFewer() {
    assertThat(InitialLoadBench.howCaptured(1_000, 300_000))
        .contains("1,000 of the 300,000 rows")
        .contains("rest from the binlog backlog");
  }

  @Test
  void reportSaysItDoesNotKnowWhenTheMetricsWereMissing() {
    assertThat(InitialLoadBench.howCaptured(-1, 300_000)).contains("not known");
  }

  @Test
  void planRefusesTooFewRowsAndKeepsItsOwnCopyOfTheSettings() {
    assertThatThrownBy(() -> new InitialLoadBench.Plan(999))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1000 rows, was 999");
    Map<String, String> settings = new HashMap<>(Map.of("commit.interval.ms", "1000"));
    InitialLoadBench.Plan plan = new InitialLoadBench.Plan(1_000, settings);
    settings.clear();
    assertThat(plan.streamsSettings()).containsEntry("commit.interval.ms", "1000");
  }
}
