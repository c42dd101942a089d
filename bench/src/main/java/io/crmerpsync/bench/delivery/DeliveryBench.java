package io.crmerpsync.bench.delivery;

import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.stack.BenchStack;
import java.io.PrintStream;

public final class DeliveryBench {
  public static final String SECTION = "ERP delivery";

  public record Plan(int commands, int runs, int warmupPairs) {}

  public DeliveryBench(BenchStack stack, PrintStream out) {}

  public void measure(Plan plan, BenchResults results) throws Exception {
    throw new UnsupportedOperationException("not yet");
  }
}
