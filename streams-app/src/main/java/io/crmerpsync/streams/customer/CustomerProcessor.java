package io.crmerpsync.streams.customer;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.dedup.GatedProcessor;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.TopologyNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Customers: every applied change becomes the canonical customer (a tombstone on delete) and one
 * ERP command carrying the key's new version.
 *
 * <p>Emit policy: {@code realtime} emits at once. {@code interval} keeps the latest change per
 * customer (store {@code customer-pending}) and emits each changed customer at most once per
 * window, on wall-clock punctuation; the command carries the latest version, so versions still only
 * increase (intermediate ones are skipped, which the ERP sink accepts).
 */
public final class CustomerProcessor extends GatedProcessor {
  private final EmitSettings settings;
  private final SyncMetrics metrics;

  public CustomerProcessor(EmitSettings settings, SyncMetrics metrics) {
    super(
        "customers",
        TopologyNames.CUSTOMER_POSITIONS_STORE,
        metrics,
        new Auditor(settings.sourceSystem()));
    this.settings = settings;
    this.metrics = metrics;
  }

  private KeyValueStore<String, PendingCustomer> pending;

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    super.init(context);
    if (settings.customerEmitInterval() != null) {
      pending = context.getStateStore(TopologyNames.CUSTOMER_PENDING_STORE);
      context.schedule(
          settings.customerEmitInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitPending);
    }
  }

  @Override
  protected void onApplied(Record<byte[], byte[]> record, RawChange change, long version) {
    Customer customer = CustomerMapper.toCanonical(change, settings.sourceSystem());
    if (pending != null) {
      pending.put(change.key(), PendingCustomer.of(change, version, record.timestamp()));
      return;
    }
    emit(change, customer, version, record.timestamp());
  }

  private void emitPending(long now) {
    List<PendingCustomer> due = new ArrayList<>();
    try (KeyValueIterator<String, PendingCustomer> all = pending.all()) {
      all.forEachRemaining(entry -> due.add(entry.value));
    }
    for (PendingCustomer waiting : due) {
      RawChange change = waiting.change();
      emit(
          change,
          CustomerMapper.toCanonical(change, settings.sourceSystem()),
          waiting.version(),
          waiting.timestamp());
      pending.delete(waiting.rawKey());
    }
  }

  private void emit(RawChange change, Customer customer, long version, long timestamp) {
    String key = Long.toString(customer.getCustomerId());
    ErpAction action = change.isDelete() ? settings.customerDeleteAction() : ErpAction.UPSERT;
    context.forward(
        new Record<Object, Object>(key, change.isDelete() ? null : customer, timestamp),
        TopologyNames.CANONICAL_CUSTOMERS_SINK);
    metrics.emitted(Topics.CANONICAL_CUSTOMERS);
    context.forward(
        new Record<Object, Object>(
            key,
            CustomerMapper.toCommand(customer, action, version, settings.sourceSystem()),
            timestamp),
        TopologyNames.CUSTOMER_COMMANDS_SINK);
    metrics.emitted(Topics.ERP_COMMANDS_CUSTOMERS);
  }
}
