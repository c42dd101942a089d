package io.crmerpsync.bench.endtoend;

import io.crmerpsync.bench.report.BenchResults;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

public final class EndToEndBench {
  public static final String SECTION = "End to end";

  public record Plan(List<Integer> offeredLoads, int seconds, int runs) {}

  public EndToEndBench(Path dataDir, PrintStream out) {}

  public static String figureName(String percentile, int load) {
    return "commit->ERP " + percentile + " at " + load;
  }

  public static String achievedNote(BenchResults results, int load) {
    return "";
  }

  public void measure(Plan plan, BenchResults results) throws Exception {
    throw new UnsupportedOperationException("not yet");
  }
}
