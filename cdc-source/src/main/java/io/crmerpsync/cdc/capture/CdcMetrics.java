package io.crmerpsync.cdc.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters of the CDC source. Micrometer names (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code cdc.changes.captured} [{@code cdc_changes_captured_total}], tag {@code table}: row
 *       changes written to raw topics and acknowledged by Kafka.
 *   <li>{@code cdc.changes.skipped} [{@code cdc_changes_skipped_total}], tag {@code table}: row
 *       changes read and acknowledged to Debezium but not written, by {@code crm.skip.rows}.
 *   <li>{@code cdc.transactions.markers} [{@code cdc_transactions_markers_total}]: BEGIN/END
 *       records written to the transaction topic.
 *   <li>{@code cdc.heartbeats} [{@code cdc_heartbeats_total}]: Debezium heartbeats (the stored log
 *       position moved on while no captured table changed), acknowledged, not written.
 *   <li>{@code cdc.batch.send} [{@code cdc_batch_send_seconds}]: time from the first send of a
 *       batch to Kafka's last acknowledgement.
 *   <li>{@code cdc.batches.failed} [{@code cdc_batches_failed_total}]: batches Kafka did not fully
 *       acknowledge; each one stops the engine.
 * </ul>
 */
final class CdcMetrics {

  static final String CHANGES_CAPTURED = "cdc.changes.captured";
  static final String CHANGES_SKIPPED = "cdc.changes.skipped";
  static final String TRANSACTION_MARKERS = "cdc.transactions.markers";
  static final String HEARTBEATS = "cdc.heartbeats";
  static final String BATCH_SEND = "cdc.batch.send";
  static final String BATCHES_FAILED = "cdc.batches.failed";

  private final MeterRegistry registry;
  private final Map<String, Counter> changesByTable = new ConcurrentHashMap<>();
  private final Map<String, Counter> skippedByTable = new ConcurrentHashMap<>();
  private final Counter transactionMarkers;
  private final Counter heartbeats;
  private final Timer batchSend;
  private final Counter batchesFailed;

  CdcMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.transactionMarkers =
        Counter.builder(TRANSACTION_MARKERS)
            .description("BEGIN/END transaction records written")
            .register(registry);
    this.heartbeats =
        Counter.builder(HEARTBEATS)
            .description("Heartbeats acknowledged (position stored while no captured change)")
            .register(registry);
    this.batchSend =
        Timer.builder(BATCH_SEND)
            .description("Time to write one batch to Kafka and get every acknowledgement")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.batchesFailed =
        Counter.builder(BATCHES_FAILED)
            .description("Batches not fully acknowledged by Kafka (engine stopped)")
            .register(registry);
  }

  void changeCaptured(String table) {
    changesByTable
        .computeIfAbsent(
            table,
            t ->
                Counter.builder(CHANGES_CAPTURED)
                    .description("Row changes written to raw topics and acknowledged")
                    .tag("table", t)
                    .register(registry))
        .increment();
  }

  void changeSkipped(String table) {
    skippedByTable
        .computeIfAbsent(
            table,
            t ->
                Counter.builder(CHANGES_SKIPPED)
                    .description("Row changes read but not written (crm.skip.rows)")
                    .tag("table", t)
                    .register(registry))
        .increment();
  }

  void transactionMarker() {
    transactionMarkers.increment();
  }

  void heartbeat() {
    heartbeats.increment();
  }

  void batchSent(Duration took) {
    batchSend.record(took);
  }

  void batchFailed() {
    batchesFailed.increment();
  }
}
