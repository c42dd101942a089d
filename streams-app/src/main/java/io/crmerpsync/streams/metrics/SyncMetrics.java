package io.crmerpsync.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The topology's counters. Meter names are stable: dashboards and the demo read them.
 *
 * <ul>
 *   <li>{@code sync.changes.applied{table}}: changes that passed the version gate
 *   <li>{@code sync.changes.dropped{table,reason=duplicate|stale}}
 *   <li>{@code sync.dead.lettered{reason}}
 *   <li>{@code sync.records.emitted{topic}}
 *   <li>{@code sync.transactions.incomplete}: source transactions diverted after the timeout
 *   <li>{@code sync.conflicts}: concurrent edits sent to review
 *   <li>{@code sync.erp.import.status{entity,status}}: the ERP importer's reports published
 *   <li>{@code sync.erp.import.ignored{entity,reason=pending|unchanged|replayed|deleted}}:
 *       interface-table changes that are not a new report
 * </ul>
 */
public final class SyncMetrics {
  private final MeterRegistry registry;

  public SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void applied(String table) {
    counter("sync.changes.applied", "table", table).increment();
  }

  public void dropped(String table, String reason) {
    Counter.builder("sync.changes.dropped")
        .tag("table", table)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void deadLettered(String reason) {
    counter("sync.dead.lettered", "reason", reason).increment();
  }

  public void conflict() {
    Counter.builder("sync.conflicts").register(registry).increment();
  }

  /** An operator's conflict resolution was {@code resolved} or {@code refused}. */
  public void resolution(String outcome) {
    counter("sync.conflict.resolutions", "outcome", outcome).increment();
  }

  public void incompleteTransaction() {
    Counter.builder("sync.transactions.incomplete").register(registry).increment();
  }

  public void emitted(String topic) {
    counter("sync.records.emitted", "topic", topic).increment();
  }

  /** The ERP importer reported {@code status} (PROCESSING, SUCCESS, ERROR) about an entity. */
  public void importStatus(String entity, String status) {
    Counter.builder("sync.erp.import.status")
        .tag("entity", entity)
        .tag("status", status)
        .register(registry)
        .increment();
  }

  /** An interface-table change that is no new report of the importer, and why. */
  public void importStatusIgnored(String entity, String reason) {
    Counter.builder("sync.erp.import.ignored")
        .tag("entity", entity)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  private Counter counter(String name, String tag, String value) {
    return Counter.builder(name).tag(tag, value).register(registry);
  }
}
