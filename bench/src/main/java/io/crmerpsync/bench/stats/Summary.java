package io.crmerpsync.bench.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One figure over several runs: median, smallest and largest value, and how many runs. The median
 * of an even number of runs is the mean of the two middle values.
 */
public record Summary(double median, double min, double max, int runs) {

  public Summary {
    if (runs < 1) {
      throw new IllegalArgumentException("a summary needs at least one run, had " + runs);
    }
  }

  /** The summary of {@code values} (one per run). */
  public static Summary of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to summarise");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return new Summary(median, sorted.get(0), sorted.get(n - 1), n);
  }

  /** Per-run ratios {@code a[i] / b[i]} of two paired series, summarised. */
  public static Summary ratios(List<Double> a, List<Double> b) {
    if (a.size() != b.size() || a.isEmpty()) {
      throw new IllegalArgumentException(
          "ratios need two non-empty series of equal length, had " + a.size() + " and " + b.size());
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      ratios.add(a.get(i) / b.get(i));
    }
    return of(ratios);
  }
}
