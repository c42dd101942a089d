package io.crmerpsync.bench.capture;

import io.crmerpsync.bench.report.BenchResults;
import java.io.PrintStream;
import java.nio.file.Path;

public final class CaptureBench {
  public static final String SECTION = "Capture";

  public record Plan(int rows, int runs) {}

  public CaptureBench(Path dataDir, PrintStream out) {}

  public void measure(Plan plan, BenchResults results) throws Exception {
    throw new UnsupportedOperationException("not yet");
  }
}
