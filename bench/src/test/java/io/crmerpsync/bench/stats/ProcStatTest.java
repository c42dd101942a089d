package io.crmerpsync.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  private static final String LINE =
      "4242 (postgres: a (b) c) S 1 4242 4242 0 -1 4194560 1000 2000 0 0 150 40 12 8 20 0 1 0"
          + " 100 200000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

  @Test
  void shouldCountFieldsFromAfterTheNameAsProcFiveNumbersThem() {
    ProcStat stat = ProcStat.parse(LINE);

    assertThat(stat.name()).isEqualTo("postgres: a (b) c");
    assertThat(stat.field(4)).as("ppid").isEqualTo(1);
    assertThat(stat.cpu()).as("utime 150 + stime 40 ticks").isEqualTo(Duration.ofMillis(1_900));
    assertThat(stat.reapedChildrenCpu())
        .as("cutime 12 + cstime 8")
        .isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void shouldRefuseALineWithoutAName() {
    assertThatThrownBy(() -> ProcStat.parse("4242 S 1 2 3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a /proc stat line");
  }
}
