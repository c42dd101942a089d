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
import org.apache.kafka.streams.processor.api.Record;

/**
 * Customers: every applied change becomes the canonical customer (a tombstone on delete) and one
 * ERP command carrying the key's new version.
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

  @Override
  protected void onApplied(Record<byte[], byte[]> record, RawChange change, long version) {
    Customer customer = CustomerMapper.toCanonical(change, settings.sourceSystem());
    String key = Long.toString(customer.getCustomerId());
    ErpAction action = change.isDelete() ? settings.customerDeleteAction() : ErpAction.UPSERT;
    context.forward(
        new Record<Object, Object>(key, change.isDelete() ? null : customer, record.timestamp()),
        TopologyNames.CANONICAL_CUSTOMERS_SINK);
    metrics.emitted(Topics.CANONICAL_CUSTOMERS);
    context.forward(
        new Record<Object, Object>(
            key,
            CustomerMapper.toCommand(customer, action, version, settings.sourceSystem()),
            record.timestamp()),
        TopologyNames.CUSTOMER_COMMANDS_SINK);
    metrics.emitted(Topics.ERP_COMMANDS_CUSTOMERS);
  }
}
