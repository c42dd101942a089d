package io.crmerpsync.erp.sink.metrics;

/**
 * A snapshot of what a sink task did since it started.
 *
 * @param applied commands that changed an interface-table row
 * @param skippedStale commands the version fence ignored: older than, or the same as, the ERP's row
 * @param rejected records given to the errant record reporter: refused by the database, not
 *     decodable, or breaking the command contract
 * @param tombstones records with a null value, which carry no command and were skipped
 */
public record SinkCounts(long applied, long skippedStale, long rejected, long tombstones) {}
