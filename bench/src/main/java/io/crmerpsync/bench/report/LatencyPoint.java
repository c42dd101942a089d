package io.crmerpsync.bench.report;

/**
 * Commit->ERP latency at one offered load, for the latency chart: the median over the load's runs
 * of each percentile.
 *
 * @param offered changes/s offered
 * @param achieved changes/s committed by the load generator
 * @param p50Millis median latency
 * @param p95Millis 95th percentile
 * @param p99Millis 99th percentile
 * @param searched whether the load was a probe of the sustained-rate search, not a fixed load
 */
public record LatencyPoint(
    int offered,
    double achieved,
    double p50Millis,
    double p95Millis,
    double p99Millis,
    boolean searched) {}
