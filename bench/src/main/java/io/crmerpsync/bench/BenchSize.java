package io.crmerpsync.bench;

import java.util.List;

/**
 * How big each measurement is. {@link #QUICK} is for a look in about ten minutes; {@link #DEFAULT}
 * aims at figures steady enough to compare and at the sizes (1M keys for memory, a 1M-row
 * initial load), which takes much longer (30-45 minutes estimated on two cores).
 *
 * @param name how the report names the size
 * @param runs measured runs per side of each comparison
 * @param warmupPairs unmeasured warm-up pairs before the topology and delivery runs
 * @param topologyChanges raw row changes per topology run
 * @param deliveryCommands ERP commands per delivery run
 * @param endToEndSeconds measured seconds per offered load
 * @param endToEndRuns runs per offered load
 * @param endToEndWarmupSeconds most seconds of unmeasured end-to-end load before the measured runs
 *     (the warm-up ends earlier once the JIT compilers have settled)
 * @param offeredLoads offered loads in changes/s
 * @param captureRows rows in the snapshot run and changes in the binlog catch-up run
 * @param captureRuns capture runs (each a snapshot and a catch-up)
 * @param searchProbes end-to-end runs the sustained-rate search may add after the fixed loads
 * @param memoryKeys customers in the state stores when memory is read
 * @param initialLoadRows rows of the customers table loaded into the ERP
 */
public record BenchSize(
    String name,
    int runs,
    int warmupPairs,
    long topologyChanges,
    int deliveryCommands,
    int endToEndSeconds,
    int endToEndRuns,
    int endToEndWarmupSeconds,
    List<Integer> offeredLoads,
    int captureRows,
    int captureRuns,
    int searchProbes,
    long memoryKeys,
    int initialLoadRows) {

  public static final BenchSize QUICK =
      new BenchSize(
          "quick",
          3,
          3,
          10_000,
          40_000,
          10,
          1,
          240,
          List.of(500, 2_000, 5_000),
          5_000,
          2,
          2,
          100_000,
          20_000);

  public static final BenchSize DEFAULT =
      new BenchSize(
          "default",
          5,
          3,
          60_000,
          40_000,
          30,
          3,
          480,
          List.of(500, 2_000, 5_000),
          50_000,
          3,
          4,
          1_000_000,
          1_000_000);

  /** One line for the report. */
  public String describe() {
    return String.format(
        "%s (%d runs per side after %d warm-up pair(s); topology %,d raw changes; delivery %,d commands; end to end %d s"
            + " x %d run(s) at %s changes/s after up to %d s of warm-up, then up to %d search"
            + " run(s); capture %,d rows x %d"
            + " run(s); memory at %,d keys; initial load of %,d rows)",
        name,
        runs,
        warmupPairs,
        topologyChanges,
        deliveryCommands,
        endToEndSeconds,
        endToEndRuns,
        offeredLoads,
        endToEndWarmupSeconds,
        searchProbes,
        captureRows,
        captureRuns,
        memoryKeys,
        initialLoadRows);
  }
}
