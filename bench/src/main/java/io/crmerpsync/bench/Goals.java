package io.crmerpsync.bench;

import io.crmerpsync.bench.ceiling.CeilingBench;
import io.crmerpsync.bench.delivery.DeliveryBench;
import io.crmerpsync.bench.endtoend.EndToEndBench;
import io.crmerpsync.bench.hotpath.HotPathBench;
import io.crmerpsync.bench.initialload.InitialLoadBench;
import io.crmerpsync.bench.memory.MemoryBench;
import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.report.Goal;
import io.crmerpsync.bench.report.MarkdownReport;
import io.crmerpsync.bench.topology.TopologyBench;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The goals of issues 4 (delivery ratio) and 5, judged on a run's figures. A goal is judged on the
 * median; a goal whose figure this bench does not measure yet says so instead of guessing.
 */
final class Goals {
  static final int LATENCY_GOAL_LOAD = 2_000;

  private Goals() {}

  static final long MEMORY_GOAL_KEYS = 1_000_000;
  static final double MEMORY_GOAL_MIB = 512;
  static final double SUSTAINED_GOAL = 10_000;
  static final int INITIAL_LOAD_GOAL_ROWS = 1_000_000;
  static final double INITIAL_LOAD_GOAL_S = 120;

  static List<Goal> evaluate(BenchResults results, BenchSize size) {
    List<Goal> goals = new ArrayList<>();
    goals.add(latency(results, "p50", 100, "commit->ERP p50 <= 100 ms at 2,000 changes/s"));
    goals.add(latency(results, "p99", 500, "commit->ERP p99 <= 500 ms at 2,000 changes/s"));
    goals.add(sustained(results));
    goals.add(ceiling(results));
    Optional<Figure> topology = results.find(TopologyBench.SECTION, TopologyBench.RATIO);
    goals.add(
        topology
            .map(
                f ->
                    new Goal(
                        "topology >= 0.5x the pass-through",
                        MarkdownReport.format(f.summary(), 2) + " x",
                        Goal.Status.of(f.summary().median() >= 0.5)))
            .orElse(Goal.notMeasured("topology >= 0.5x the pass-through", "not run")));
    String delivery = "ERP sink >= 3x the Debezium JDBC sink (issue 4)";
    goals.add(
        results
            .find(DeliveryBench.SECTION, DeliveryBench.RATIO)
            .map(
                f ->
                    new Goal(
                        delivery,
                        MarkdownReport.format(f.summary(), 2) + " x",
                        Goal.Status.of(f.summary().median() >= 3.0)))
            .orElse(Goal.notMeasured(delivery, "not run")));
    goals.add(initialLoad(results, size.initialLoadRows()));
    goals.add(memory(results, size.memoryKeys()));
    return goals;
  }

  private static Goal sustained(BenchResults results) {
    String text = ">= 10,000 changes/s sustained end to end";
    return results
        .find(EndToEndBench.SECTION, EndToEndBench.SUSTAINED)
        .map(
            f ->
                new Goal(
                    text,
                    MarkdownReport.number(f.summary().median(), 0)
                        + " changes/s, the highest offered load with p99 commit->ERP < 1 s",
                    Goal.Status.of(f.summary().median() >= SUSTAINED_GOAL)))
        .orElse(Goal.notMeasured(text, "end to end or its search not run"));
  }

  private static Goal ceiling(BenchResults results) {
    String text = ">= 0.5 of the bare-Kafka ceiling";
    Optional<Figure> ceiling = results.find(CeilingBench.SECTION, CeilingBench.CHANGES);
    Optional<Figure> fraction = CeilingBench.pipelineFraction(results);
    if (ceiling.isEmpty() || fraction.isEmpty()) {
      return Goal.notMeasured(
          text, ceiling.isEmpty() ? "ceiling not run" : "neither topology nor end to end run");
    }
    boolean endToEnd = results.find(EndToEndBench.SECTION, EndToEndBench.SUSTAINED).isPresent();
    double rate = CeilingBench.pipelineRate(results).orElseThrow().summary().median();
    return new Goal(
        text,
        MarkdownReport.format(fraction.get().summary(), 3)
            + " x: "
            + (endToEnd ? "end-to-end sustained rate " : "real topology (end to end not run) ")
            + MarkdownReport.number(rate, 0)
            + " changes/s over a ceiling of "
            + MarkdownReport.number(ceiling.get().summary().median(), 0)
            + " changes/s",
        Goal.Status.of(fraction.get().summary().median() >= 0.5));
  }

  private static Goal initialLoad(BenchResults results, int rows) {
    String text = "1M-row initial load <= 120 s";
    Optional<Figure> seconds =
        results.find(InitialLoadBench.SECTION, InitialLoadBench.secondsName(rows));
    if (seconds.isEmpty()) {
      return Goal.notMeasured(text, "initial load not run");
    }
    String measured =
        MarkdownReport.number(seconds.get().summary().median(), 1)
            + " s for "
            + MarkdownReport.number(rows, 0)
            + " rows"
            + results
                .find(InitialLoadBench.SECTION, InitialLoadBench.SNAPSHOT_ROWS)
                .filter(f -> f.summary().median() >= rows)
                .map(f -> " (through Debezium's snapshot)")
                .orElse("");
    if (rows != INITIAL_LOAD_GOAL_ROWS) {
      return Goal.notMeasured(text, measured + "; judged only at 1,000,000 rows");
    }
    return new Goal(
        text, measured, Goal.Status.of(seconds.get().summary().median() <= INITIAL_LOAD_GOAL_S));
  }

  private static Goal memory(BenchResults results, long keys) {
    String text = "heap <= 512 MB at 1M keys";
    Optional<Figure> heap = results.find(MemoryBench.SECTION, MemoryBench.heapName(keys));
    if (heap.isEmpty()) {
      return Goal.notMeasured(text, "memory not run");
    }
    String measured =
        MarkdownReport.number(heap.get().summary().median(), 0)
            + " MiB heap after GC at "
            + MarkdownReport.number(keys, 0)
            + " keys (whole JVM, broker and registry included)";
    if (keys != MEMORY_GOAL_KEYS) {
      return Goal.notMeasured(text, measured + "; judged only at 1,000,000 keys");
    }
    return new Goal(
        text,
        measured + "; 512 MB read as 512 MiB",
        Goal.Status.of(heap.get().summary().median() <= MEMORY_GOAL_MIB));
  }

  private static Goal latency(
      BenchResults results, String percentile, double limitMs, String text) {
    return results
        .find(EndToEndBench.SECTION, EndToEndBench.figureName(percentile, LATENCY_GOAL_LOAD))
        .map(
            f ->
                new Goal(
                    text,
                    MarkdownReport.format(f.summary(), 0)
                        + " ms"
                        + EndToEndBench.achievedNote(results, LATENCY_GOAL_LOAD),
                    Goal.Status.of(f.summary().median() <= limitMs)))
        .orElse(Goal.notMeasured(text, "end to end not run or failed"));
  }

  static List<String> notMeasured(BenchSize size, BenchResults results) {
    List<String> missing = new ArrayList<>();
    if (size.memoryKeys() != MEMORY_GOAL_KEYS) {
      missing.add(
          String.format(
              "Memory at 1M keys: this run used %,d keys (run without --quick for 1M).",
              size.memoryKeys()));
    }
    if (size.initialLoadRows() != INITIAL_LOAD_GOAL_ROWS) {
      missing.add(
          String.format(
              "Initial load of 1M rows: this run loaded %,d (run without --quick for 1M).",
              size.initialLoadRows()));
    }
    if (results.figures().stream().noneMatch(f -> f.section().equals(HotPathBench.SECTION))) {
      missing.add(
          "JMH microbenchmarks of the hot paths (source-position compare, serde, conflict"
              + " resolution of one record): not run or failed in this invocation.");
    }
    return missing;
  }
}
