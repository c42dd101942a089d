package io.crmerpsync.bench.report;

import io.crmerpsync.bench.stats.Summary;

/**
 * One measured figure of the report, e.g. "real topology, records/s".
 *
 * @param section the measurement it belongs to (Topology, ERP delivery, ...)
 * @param name what was measured
 * @param unit unit of the values
 * @param summary median, min and max over the runs
 * @param decimals how many fraction digits to print
 */
public record Figure(String section, String name, String unit, Summary summary, int decimals) {}
