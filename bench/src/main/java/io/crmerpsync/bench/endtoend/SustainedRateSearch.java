package io.crmerpsync.bench.endtoend;

import java.util.List;
import java.util.OptionalInt;

/**
 * Finds the highest offered load the pipeline sustains: p99 commit->ERP under {@link
 * #P99_LIMIT_MILLIS}, the load generator reaching at least {@link #ACHIEVED_SHARE} of the offered
 * rate, and every change visible in the ERP by the end of the drain. It starts from the loads
 * already measured and bisects between the highest sustained one and the lowest one above it that
 * was not; when every load was sustained it doubles, when none was it halves. Rates are rounded to
 * {@code step}, which also ends the search.
 *
 * <p>Assumes latency grows with load; a noisy probe that fails below a sustained one is ignored
 * (only failures above the highest sustained load bound the search). Pure: the caller runs the
 * probes.
 */
public final class SustainedRateSearch {
  /** The latency bound of "sustained". */
  public static final double P99_LIMIT_MILLIS = 1_000;

  /** The share of the offered rate the load generator must reach for a load to count. */
  public static final double ACHIEVED_SHARE = 0.9;

  /**
   * What one offered load showed.
   *
   * @param offered changes/s offered
   * @param achieved changes/s the load generator committed
   * @param p99Millis p99 commit->ERP, NaN when nothing was measured
   * @param unseen changes not visible in the ERP by the end of the drain
   */
  public record Probe(int offered, double achieved, double p99Millis, long unseen) {
    /** Whether this load was sustained. */
    public boolean sustained() {
      return p99Millis < P99_LIMIT_MILLIS && achieved >= ACHIEVED_SHARE * offered && unseen == 0;
    }
  }

  /**
   * Where the search stands.
   *
   * @param highestSustained the highest offered load sustained, 0 if none
   * @param lowestFailed the lowest offered load above it that was not, 0 if none
   */
  public record Bracket(int highestSustained, int lowestFailed) {}

  private final int step;
  private final int maxRate;

  /**
   * @param step the resolution in changes/s: probes are multiples of it
   * @param maxRate the highest load worth probing
   */
  public SustainedRateSearch(int step, int maxRate) {
    if (step < 1 || maxRate < step) {
      throw new IllegalArgumentException(
          "the search needs step >= 1 and maxRate >= step, was " + step + ", " + maxRate);
    }
    this.step = step;
    this.maxRate = maxRate;
  }

  /** The bracket the probes so far define. */
  public static Bracket bracket(List<Probe> probes) {
    int highest = 0;
    for (Probe p : probes) {
      if (p.sustained()) {
        highest = Math.max(highest, p.offered());
      }
    }
    int lowestFailed = 0;
    for (Probe p : probes) {
      if (!p.sustained()
          && p.offered() > highest
          && (lowestFailed == 0 || p.offered() < lowestFailed)) {
        lowestFailed = p.offered();
      }
    }
    return new Bracket(highest, lowestFailed);
  }

  /** The next load to probe, or empty when the bracket is as narrow as the step allows. */
  public OptionalInt next(List<Probe> probes) {
    if (probes.isEmpty()) {
      return OptionalInt.empty();
    }
    Bracket b = bracket(probes);
    int candidate;
    if (b.highestSustained() == 0) {
      candidate = round(b.lowestFailed() / 2.0);
    } else if (b.lowestFailed() == 0) {
      candidate = Math.min(maxRate, round(b.highestSustained() * 2.0));
    } else {
      candidate = round((b.highestSustained() + b.lowestFailed()) / 2.0);
    }
    boolean inside =
        candidate > b.highestSustained()
            && (b.lowestFailed() == 0 || candidate < b.lowestFailed())
            && candidate >= step;
    boolean probed = probes.stream().anyMatch(p -> p.offered() == candidate);
    return inside && !probed ? OptionalInt.of(candidate) : OptionalInt.empty();
  }

  private int round(double rate) {
    return (int) Math.round(rate / step) * step;
  }
}
