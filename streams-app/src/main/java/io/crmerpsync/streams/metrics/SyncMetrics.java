package io.crmerpsync.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
  // Counters are looked up per record; registering a meter each time builds and hashes its id
  // (about 1% of the stream thread in a profile of a million new customers).
  private final ConcurrentMap<String, ConcurrentMap<String, ConcurrentMap<String, Counter>>>
      counters = new ConcurrentHashMap<>();

  public SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void applied(String table) {
    counter("sync.changes.applied", "table", table).increment();
  }

  public void dropped(String table, String reason) {
    counter("sync.changes.dropped", "table", table, "reason", reason).increment();
  }

  public void deadLettered(String reason) {
    counter("sync.dead.lettered", "reason", reason).increment();
  }

  public void conflict() {
    counter("sync.conflicts").increment();
  }

  /** An operator's conflict resolution was {@code resolved} or {@code refused}. */
  public void resolution(String outcome) {
    counter("sync.conflict.resolutions", "outcome", outcome).increment();
  }

  /** An operator's resync request was {@code sent} or {@code refused}. */
  public void resync(String outcome) {
    counter("sync.resyncs", "outcome", outcome).increment();
  }

  public void incompleteTransaction() {
    counter("sync.transactions.incomplete").increment();
  }

  public void emitted(String topic) {
    counter("sync.records.emitted", "topic", topic).increment();
  }

  /** The ERP importer reported {@code status} (PROCESSING, SUCCESS, ERROR) about an entity. */
  public void importStatus(String entity, String status) {
    counter("sync.erp.import.status", "entity", entity, "status", status).increment();
  }

  /** An interface-table change that is no new report of the importer, and why. */
  public void importStatusIgnored(String entity, String reason) {
    counter("sync.erp.import.ignored", "entity", entity, "reason", reason).increment();
  }

  private Counter counter(String name) {
    return counter(name, null, "", null, "");
  }

  private Counter counter(String name, String tag, String value) {
    return counter(name, tag, value, null, "");
  }

  /** The counter {@code name} with up to two tags (a null tag name: none), registered once. */
  private Counter counter(
      String name, String tag, String value, String secondTag, String secondValue) {
    Map<String, ConcurrentMap<String, Counter>> byValue = counters.get(name);
    Map<String, Counter> bySecond = byValue == null ? null : byValue.get(value);
    Counter found = bySecond == null ? null : bySecond.get(secondValue);
    if (found != null) {
      return found;
    }
    return counters
        .computeIfAbsent(name, n -> new ConcurrentHashMap<>())
        .computeIfAbsent(value, v -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            secondValue,
            v -> {
              Counter.Builder builder = Counter.builder(name);
              if (tag != null) {
                builder.tag(tag, value);
              }
              if (secondTag != null) {
                builder.tag(secondTag, secondValue);
              }
              return builder.register(registry);
            });
  }
}
