package io.crmerpsync.bench.hotpath;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.stats.Summary;
import java.io.PrintStream;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link HotPathBenchmarks} with JMH in a forked JVM and reports each benchmark's time per
 * operation: the median of the measured iterations with their min and max.
 */
public final class HotPathBench {
  public static final String SECTION = "Hot paths (JMH)";

  /**
   * @param iterations measured iterations per benchmark (after as many warm-up iterations)
   * @param iterationSeconds length of each iteration
   */
  public record Plan(int iterations, int iterationSeconds) {
    public Plan {
      if (iterations < 1 || iterationSeconds < 1) {
        throw new IllegalArgumentException(
            "JMH needs at least one iteration of at least one second, asked for "
                + iterations
                + " x "
                + iterationSeconds
                + " s");
      }
    }
  }

  private final PrintStream out;

  public HotPathBench(PrintStream out) {
    this.out = out;
  }

  public void measure(Plan plan, BenchResults results) throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(HotPathBenchmarks.class.getName() + ".")
            .forks(1)
            .warmupIterations(plan.iterations())
            .warmupTime(TimeValue.seconds(plan.iterationSeconds()))
            .measurementIterations(plan.iterations())
            .measurementTime(TimeValue.seconds(plan.iterationSeconds()))
            .threads(1)
            .verbosity(VerboseMode.SILENT)
            .build();
    out.println(
        "  JMH: 6 benchmarks x "
            + (2 * plan.iterations())
            + " iterations of "
            + plan.iterationSeconds()
            + " s, one forked JVM each ...");
    Collection<RunResult> runs = new Runner(options).run();
    for (RunResult run : runs) {
      String name = run.getParams().getBenchmark();
      String method = name.substring(name.lastIndexOf('.') + 1);
      Statistics stats = run.getPrimaryResult().getStatistics();
      Summary summary =
          new Summary(stats.getPercentile(50), stats.getMin(), stats.getMax(), (int) stats.getN());
      results.figure(new Figure(SECTION, method, "ns/op", summary, 1));
      out.printf("  %-32s %,10.1f ns/op%n", method, summary.median());
    }
    results.method(
        SECTION,
        "JMH 1.37, average time per operation, one forked JVM per benchmark, "
            + plan.iterations()
            + " warm-up and "
            + plan.iterations()
            + " measured iterations of "
            + plan.iterationSeconds()
            + " s; median [min..max] over the measured iterations. Inputs: a raw customer change"
            + " as cdc-source writes it, a 16-field golden record in the internal Smile serde, an"
            + " ERP edit of two customer fields under owner and newest-wins policies.");
  }
}
