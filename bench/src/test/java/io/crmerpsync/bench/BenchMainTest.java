package io.crmerpsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return BenchMain.commandLine(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
  }

  @Test
  void shouldNameEveryMeasurementWhenOnlyNamesAnUnknownOne() {
    assertThat(run("--only", "ceiling,bogus")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("bad argument", "'bogus'")
        .contains(
            "topology, ceiling, delivery, memory, end-to-end, initial-load, capture, hot-paths");
  }

  @Test
  void shouldRefuseOutOfRangeSizesBeforeStartingAnything() {
    assertThat(run("--memory-keys", "5")).isEqualTo(2);
    assertThat(run("--search-probes", "-1")).isEqualTo(2);
    assertThat(run("--initial-load-rows", "10")).isEqualTo(2);
    assertThat(run("--warmup", "21")).isEqualTo(2);
    assertThat(run("--e2e-warmup-seconds", "-5")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--memory-keys must be 1000..10000000, was 5")
        .contains("--search-probes must be 0..20, was -1")
        .contains("--initial-load-rows must be 1000..10000000, was 10")
        .contains("--warmup must be 0..20, was 21")
        .contains("--e2e-warmup-seconds must be 0..3600, was -5");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("crm-erp-sync bench");
  }

  @Test
  void shouldListTheNewOptionsInItsHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--search-probes", "--memory-keys", "--initial-load-rows", "--warmup", "ceiling")
        .contains("--e2e-warmup-seconds");
  }
}
