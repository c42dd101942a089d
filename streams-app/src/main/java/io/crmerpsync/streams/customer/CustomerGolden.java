package io.crmerpsync.streams.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.change.Operation;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.change.SourcePosition;
import io.crmerpsync.streams.conflict.ConflictResolver;
import io.crmerpsync.streams.conflict.Decision;
import io.crmerpsync.streams.conflict.FieldValue;
import io.crmerpsync.streams.conflict.Verdict;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.TopologyNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each customer's golden record (store {@code customer-golden}) and settles every source's
 * changed fields by the mapping file's policies. When the golden record changes, the canonical
 * customer and one ERP command with the next version are emitted (at once, or once per window under
 * the interval emit policy). A change that alters nothing, such as the ERP showing back what the
 * sink wrote, emits nothing: that is the echo backstop. Rejections, lost changes and conflicts are
 * audited; conflicts also go to {@code sync.conflicts.v1}.
 *
 * <p>Limits: the ERP command carries every field, ERP-owned ones with the ERP's own values (the ERP
 * gets back what it has); a delete comes from the CRM only.
 */
public final class CustomerGolden implements Processor<String, CustomerChange, Object, Object> {
  private final EmitSettings settings;
  private final SyncMetrics metrics;
  private final Auditor auditor;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, GoldenCustomer> golden;
  private KeyValueStore<String, PendingCustomer> pending;

  public CustomerGolden(EmitSettings settings, SyncMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.auditor = new Auditor(settings.sourceSystem());
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.golden = context.getStateStore(TopologyNames.CUSTOMER_GOLDEN_STORE);
    if (settings.customerEmitInterval() != null) {
      pending = context.getStateStore(TopologyNames.CUSTOMER_PENDING_STORE);
      context.schedule(
          settings.customerEmitInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitPending);
    }
  }

  @Override
  public void process(Record<String, CustomerChange> record) {
    CustomerChange change = record.value();
    GoldenCustomer current = golden.get(record.key());
    if (current == null) {
      current = GoldenCustomer.empty();
    }
    GoldenCustomer next;
    if (change.deleted()) {
      if (!change.source().equals("crm")) {
        return;
      }
      next =
          new GoldenCustomer(
              current.fields(),
              current.version() + 1,
              true,
              change.position(),
              change.commitTimeMs(),
              change.snapshot());
    } else {
      ConflictResolver.Resolution resolution =
          ConflictResolver.resolve(
              settings.customerRules(),
              current.fields(),
              change.source(),
              change.commitTimeMs(),
              change.toSettle(current.fields().keySet()));
      report(change, resolution.decisions(), record.timestamp());
      boolean revived = current.deleted() && change.source().equals("crm");
      if (!revived && values(resolution.golden()).equals(values(current.fields()))) {
        return;
      }
      next =
          new GoldenCustomer(
              resolution.golden(),
              current.version() + 1,
              current.deleted() && !revived,
              change.position(),
              change.commitTimeMs(),
              change.snapshot());
    }
    golden.put(record.key(), next);
    if (!next.isComplete()) {
      return;
    }
    RawChange state = asChange(record.key(), change, next);
    if (pending != null) {
      pending.put(record.key(), PendingCustomer.of(state, next.version(), record.timestamp()));
    } else {
      emit(state, next.version(), record.timestamp());
    }
  }

  private void report(CustomerChange change, List<Decision> decisions, long timestamp) {
    for (Decision decision : decisions) {
      if (decision.verdict() == Verdict.ACCEPTED) {
        continue;
      }
      auditor.fieldDecision(
          context, change.table(), change.rawKey(), change.position(), decision, timestamp);
      if (decision.verdict() == Verdict.CONFLICT) {
        metrics.conflict();
        FieldValue first = decision.contested();
        FieldValue second = decision.lost();
        context.forward(
            new Record<Object, Object>(
                Long.toString(change.customerId()),
                new CustomerConflict(
                    "customer",
                    change.customerId(),
                    decision.field(),
                    decision.rule(),
                    decision.holding().value(),
                    first.source(),
                    first.value(),
                    first.commitTimeMs(),
                    second.source(),
                    second.value(),
                    second.commitTimeMs()),
                timestamp),
            TopologyNames.CONFLICTS_SINK);
      }
    }
  }

  /** The field values, a null value counting as absent (a source that sends null sets nothing). */
  private static Map<String, JsonNode> values(Map<String, FieldValue> fields) {
    Map<String, JsonNode> values = new java.util.TreeMap<>();
    fields.forEach(
        (field, value) -> {
          if (value.value() != null && !value.value().isNull()) {
            values.put(field, value.value());
          }
        });
    return values;
  }

  /** The golden record as a CRM-shaped row change, for the mapper. */
  private static RawChange asChange(
      String customerId, CustomerChange change, GoldenCustomer state) {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    row.put("id", Long.parseLong(customerId));
    state.fields().forEach((field, value) -> row.set(field, value.value()));
    return new RawChange(
        "{\"id\":" + customerId + "}",
        state.deleted() ? Operation.DELETE : Operation.UPDATE,
        row,
        SourcePosition.parse(state.position()),
        state.commitTimeMs(),
        change.transactionId(),
        null);
  }

  private void emitPending(long now) {
    List<PendingCustomer> due = new ArrayList<>();
    try (KeyValueIterator<String, PendingCustomer> all = pending.all()) {
      all.forEachRemaining(entry -> due.add(entry.value));
    }
    for (PendingCustomer waiting : due) {
      emit(waiting.change(), waiting.version(), waiting.timestamp());
      pending.delete(Long.toString(waiting.change().longColumn("id")));
    }
  }

  private void emit(RawChange change, long version, long timestamp) {
    Customer customer = CustomerMapper.toCanonical(change, settings.sourceSystem());
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
