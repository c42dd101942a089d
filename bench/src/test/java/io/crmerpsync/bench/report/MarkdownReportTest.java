package io.crmerpsync.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.bench.stats.Summary;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

  private static BenchResults results() {
    BenchResults results = new BenchResults();
    results.load("start", "1.00, 0.50, 0.25");
    results.figure(
        new Figure("Topology", "real", "changes/s", Summary.of(List.of(900.0, 1100.0, 1000.0)), 0));
    results.figure(
        new Figure(
            "Topology", "pass", "changes/s", Summary.of(List.of(2000.0, 2000.0, 2000.0)), 0));
    results.ratio(
        new Figure(
            "Topology",
            "real / pass",
            "x",
            Summary.ratios(List.of(900.0, 1100.0, 1000.0), List.of(2000.0, 2000.0, 2000.0)),
            2));
    results.method("Topology", "pre-loaded input");
    results.failure("Capture", "java.lang.IllegalStateException: boom");
    return results;
  }

  private static MarkdownReport.Context context() {
    return new MarkdownReport.Context(
        ZonedDateTime.parse("2026-05-01T10:00:00Z"),
        "quick (test)",
        "bin/crm-erp-sync-bench --quick",
        new MachineInfo(2, "23.5 GiB", "OpenJDK 17", "Linux", "-Xmx2g", "1.00, 0.50, 0.25"),
        List.of(
            new Goal("topology >= 0.5x the pass-through", "0.50 x", Goal.Status.MET),
            Goal.notMeasured("heap <= 512 MB at 1M keys", "not yet")),
        List.of("Memory at 1M keys."));
  }

  @Test
  void shouldStateTheMachineEveryFigureAsMedianWithRangeTheGoalsAndWhatIsMissing() {
    String md = MarkdownReport.render(context(), results());

    assertThat(md)
        .startsWith("# Benchmarks\n")
        .contains("`bin/crm-erp-sync-bench --quick`", "2026-05-01 10:00 UTC", "quick (test)")
        .contains("## Machine", "| 2 | 23.5 GiB | OpenJDK 17 | Linux | `-Xmx2g` |")
        .contains("- start: 1.00, 0.50, 0.25")
        .contains("| Topology | real | 1,000 [900..1,100] | changes/s | 3 |")
        .contains("| Topology | real / pass | 0.50 [0.45..0.55] | x | 3 |")
        .contains("| topology >= 0.5x the pass-through | 0.50 x | **met** |")
        .contains("| heap <= 512 MB at 1M keys | not yet | **not measured** |")
        .contains("## Measurements that failed in this run", "Capture: java.lang.Ill")
        .contains("**Topology**\n\n- pre-loaded input")
        .contains("## Profiles and tuning", "[performance.md](performance.md)")
        .contains("## Not measured yet\n\n- Memory at 1M keys.");
  }

  @Test
  void shouldPrintTheSameResultsTableThatTheReportHolds() {
    BenchResults results = results();

    assertThat(MarkdownReport.render(context(), results))
        .contains(MarkdownReport.resultsTable(results))
        .contains(MarkdownReport.goalsTable(context().goals()));
  }

  @Test
  void shouldTakeTheMiddleOfAnOddAndTheMeanOfTheMiddlePairOfAnEvenNumberOfRuns() {
    assertThat(Summary.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Summary(2.0, 1.0, 3.0, 3));
    assertThat(Summary.of(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(new Summary(2.5, 1.0, 4.0, 4));
  }

  @Test
  void shouldRefuseRatiosOfSeriesOfDifferentLength() {
    assertThatThrownBy(() -> Summary.ratios(List.of(1.0, 2.0), List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("equal length");
  }

  @Test
  void shouldEmbedTheChartsWrittenBesideTheReportAfterTheGoals() {
    String md =
        MarkdownReport.render(
            context(),
            results(),
            List.of(new Charts.Chart("latency against load", "benchmarks/latency.svg")));

    assertThat(md).contains("## Charts\n\n![latency against load](benchmarks/latency.svg)");
    assertThat(md.indexOf("## Charts")).isGreaterThan(md.indexOf("## Goals"));
    assertThat(MarkdownReport.render(context(), results())).doesNotContain("## Charts");
  }
}
