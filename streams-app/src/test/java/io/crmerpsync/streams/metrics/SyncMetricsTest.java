package io.crmerpsync.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SyncMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SyncMetrics metrics = new SyncMetrics(registry);

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void shouldCountEachTagCombinationOnItsOwnMeter() {
    metrics.applied("customers");
    metrics.applied("customers");
    metrics.applied("orders");
    metrics.dropped("customers", "duplicate");
    metrics.dropped("customers", "stale");
    metrics.dropped("customers", "stale");
    metrics.importStatus("customer", "SUCCESS");
    metrics.importStatusIgnored("customer", "pending");

    assertThat(count("sync.changes.applied", "table", "customers")).isEqualTo(2);
    assertThat(count("sync.changes.applied", "table", "orders")).isEqualTo(1);
    assertThat(count("sync.changes.dropped", "table", "customers", "reason", "duplicate"))
        .isEqualTo(1);
    assertThat(count("sync.changes.dropped", "table", "customers", "reason", "stale")).isEqualTo(2);
    assertThat(count("sync.erp.import.status", "entity", "customer", "status", "SUCCESS"))
        .isEqualTo(1);
    assertThat(count("sync.erp.import.ignored", "entity", "customer", "reason", "pending"))
        .isEqualTo(1);
  }

  @Test
  void shouldCountUntaggedMetersWithoutTags() {
    metrics.conflict();
    metrics.conflict();
    metrics.incompleteTransaction();

    assertThat(registry.get("sync.conflicts").counter().getId().getTags()).isEmpty();
    assertThat(count("sync.conflicts")).isEqualTo(2);
    assertThat(count("sync.transactions.incomplete")).isEqualTo(1);
  }

  @Test
  void shouldKeepOneMeterPerCombinationWhateverTheNumberOfCalls() {
    for (int i = 0; i < 1_000; i++) {
      metrics.emitted("canonical.customers.v1");
      metrics.deadLettered("invalid-row");
    }

    assertThat(registry.getMeters()).hasSize(2);
    assertThat(count("sync.records.emitted", "topic", "canonical.customers.v1")).isEqualTo(1_000);
    assertThat(count("sync.dead.lettered", "reason", "invalid-row")).isEqualTo(1_000);
  }
}
