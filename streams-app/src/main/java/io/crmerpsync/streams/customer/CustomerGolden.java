package io.crmerpsync.streams.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.change.DecodeException;
import io.crmerpsync.streams.change.Operation;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.change.SourcePosition;
import io.crmerpsync.streams.conflict.ConflictResolver;
import io.crmerpsync.streams.conflict.Decision;
import io.crmerpsync.streams.conflict.FieldValue;
import io.crmerpsync.streams.conflict.Verdict;
import io.crmerpsync.streams.deadletter.DeadLetters;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.JsonSerde;
import io.crmerpsync.streams.topology.TopologyNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each customer's golden record (store {@code customer-golden}) and settles every source's
 * changed fields by the mapping file's policies. When the golden record changes, the canonical
 * customer and one ERP command with the next version are emitted (at once, or once per window under
 * the interval emit policy). A change that alters nothing, such as the ERP showing back what the
 * sink wrote, emits nothing: that is the echo backstop. Rejections, lost changes and conflicts are
 * audited; conflicts also go to {@code sync.conflicts.v1} and stay open (store {@code
 * customer-open-conflicts}) until a newer agreed value or an operator's resolution from {@code
 * sync.conflict-resolutions.v1} closes them. A resolution sets the field, emits like any change and
 * is audited; one that does not match the open conflict is refused and audited with the reason.
 *
 * <p>ERP commands leave the ERP-owned fields out (see {@link #erpSeesAChange}). Limit: a delete
 * comes from the CRM only.
 */
public final class CustomerGolden implements Processor<String, Object, Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(CustomerGolden.class);
  private static final JsonSerde<ConflictResolution> RESOLUTIONS =
      new JsonSerde<>(ConflictResolution.class);
  private static final JsonSerde<ResyncRequest> RESYNC_REQUESTS =
      new JsonSerde<>(ResyncRequest.class);
  private static final JsonSerde<CustomerChange> CHANGES = new JsonSerde<>(CustomerChange.class);
  private final EmitSettings settings;
  private final SyncMetrics metrics;
  private final Auditor auditor;
  private final java.util.Set<String> erpOwnedColumns;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, GoldenCustomer> golden;
  private KeyValueStore<String, PendingCustomer> pending;
  private KeyValueStore<String, OpenConflicts> openConflicts;

  public CustomerGolden(EmitSettings settings, SyncMetrics metrics) {
    this.settings = settings;
    this.erpOwnedColumns = settings.erpOwnedCustomerColumns();
    this.metrics = metrics;
    this.auditor = new Auditor(settings.sourceSystem());
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.golden = context.getStateStore(TopologyNames.CUSTOMER_GOLDEN_STORE);
    this.openConflicts = context.getStateStore(TopologyNames.CUSTOMER_OPEN_CONFLICTS_STORE);
    if (settings.customerEmitInterval() != null) {
      pending = context.getStateStore(TopologyNames.CUSTOMER_PENDING_STORE);
      context.schedule(
          settings.customerEmitInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitPending);
    }
  }

  /**
   * A source's change ({@link CustomerChange}) or an operator's resolution (the raw bytes from the
   * resolutions topic, read here so that an unreadable one is refused, not fatal).
   */
  @Override
  public void process(Record<String, Object> record) {
    if (record.value() instanceof CustomerChange change) {
      settle(record.withValue(change));
    } else if (Topics.RESYNC_REQUESTS_CUSTOMERS.equals(
        context.recordMetadata().map(RecordMetadata::topic).orElse(null))) {
      if (record.key() == null) {
        // A request written without a key (a console producer without parse.key, say).
        refuseResync(
            "", null, "a resync request without a key: which customer?", record.timestamp());
        return;
      }
      resync(record.key(), (byte[]) record.value(), record.timestamp());
    } else if (record.key() == null) {
      refuse("", null, "a resolution without a key: which customer?", record.timestamp());
    } else {
      resolve(record.key(), (byte[]) record.value(), record.timestamp());
    }
  }

  /**
   * Sends the customer's golden record to the ERP again (canonical customer and ERP command), with
   * the next version so that the ERP's conditional upsert takes it even where it holds the version
   * last sent: the repair for an ERP row lost or changed behind the pipeline's back. A deleted
   * customer is sent as the delete the ERP expects. Nothing settled changes: the fields, their
   * provenance and the source position stay. A key without a complete record (never seen, or known
   * only from the ERP) is refused; both outcomes are audited with who asked and why.
   */
  private void resync(String key, byte[] bytes, long timestamp) {
    ResyncRequest request =
        RESYNC_REQUESTS.readOrRefuse(
            Topics.RESYNC_REQUESTS_CUSTOMERS,
            bytes,
            "resync request",
            why -> refuseResync(key, null, why, timestamp));
    if (request == null) {
      return;
    }
    GoldenCustomer current = golden.get(key);
    if (current == null) {
      refuseResync(
          key, request, "no golden record of customer " + key + " (never seen)", timestamp);
      return;
    }
    if (!current.isComplete()) {
      refuseResync(
          key,
          request,
          "customer "
              + key
              + " is incomplete (the CRM has not created it), there is nothing to send",
          timestamp);
      return;
    }
    GoldenCustomer next =
        new GoldenCustomer(
            current.fields(),
            current.version() + 1,
            current.deleted(),
            current.position(),
            current.commitTimeMs(),
            current.snapshot(),
            current.holdersOf(key));
    RawChange state = asChange(key, null, next);
    Customer canonical;
    try {
      canonical = CustomerMapper.toCanonical(state, settings.sourceSystem());
    } catch (DecodeException e) {
      refuseResync(
          key, request, "its golden record is not a valid customer: " + e.getMessage(), timestamp);
      return;
    }
    golden.put(key, next);
    auditor.resync(
        context,
        "customers",
        customerRowKey(key),
        request.sentRule(
            "customer "
                + key
                + " ("
                + (next.deleted() ? "as deleted" : "its golden record")
                + ", version "
                + settings.commandVersion(next.version())
                + ")"),
        settings.commandVersion(next.version()),
        timestamp);
    metrics.resync("sent");
    emitOrHold(key, state, canonical, next, timestamp, true);
  }

  private void refuseResync(String key, ResyncRequest request, String why, long timestamp) {
    LOG.warn(
        "refused a resync request of customer {} from {}: {}",
        key,
        Topics.RESYNC_REQUESTS_CUSTOMERS,
        why);
    auditor.resync(
        context,
        "customers",
        customerRowKey(key),
        ResyncRequest.refusedRule(request, why),
        null,
        timestamp);
    metrics.resync("refused");
  }

  private void settle(Record<String, CustomerChange> record) {
    CustomerChange change = record.value();
    GoldenCustomer current = golden.get(record.key());
    if (current == null) {
      current = GoldenCustomer.empty();
    }
    GoldenCustomer next;
    Customer canonical = null;
    // The settled record as a row change, built once for the canonical check and the emit.
    RawChange settled = null;
    Map<String, java.util.SortedSet<Long>> holders = current.holdersOf(record.key());
    boolean fromCrm = settings.isCrmSource(change.source());
    if (change.deleted()) {
      if (!fromCrm) {
        return;
      }
      // Deleted when no CRM database holds a row of the customer any more.
      java.util.SortedSet<Long> rows = holders.get(change.source());
      if (rows != null && change.rowId() != null) {
        rows.remove(change.rowId());
      }
      if (rows == null || rows.isEmpty() || change.rowId() == null) {
        holders.remove(change.source());
      }
      next =
          new GoldenCustomer(
              current.fields(),
              current.version() + 1,
              holders.isEmpty(),
              change.position(),
              change.commitTimeMs(),
              change.snapshot(),
              holders);
    } else {
      ConflictResolver.Resolution resolution =
          ConflictResolver.resolve(
              settings.customerRules(),
              current.fields(),
              change.source(),
              change.commitTimeMs(),
              change.toSettle(current.fields().keySet()));
      boolean joined =
          fromCrm
              && change.rowId() != null
              && holders
                  .computeIfAbsent(change.source(), source -> new java.util.TreeSet<>())
                  .add(change.rowId());
      boolean revived = current.deleted() && fromCrm;
      boolean unchanged =
          !revived && !joined && values(resolution.golden()).equals(values(current.fields()));
      next =
          unchanged
              ? current
              : new GoldenCustomer(
                  resolution.golden(),
                  current.version() + 1,
                  current.deleted() && !revived,
                  change.position(),
                  change.commitTimeMs(),
                  change.snapshot(),
                  holders);
      if (!unchanged && next.isComplete()) {
        try {
          settled = asChange(record.key(), change.transactionId(), next);
          canonical = CustomerMapper.toCanonical(settled, settings.sourceSystem());
        } catch (DecodeException e) {
          refuseChange(record, e);
          return;
        }
      }
      report(record.key(), change, resolution.decisions(), record.timestamp());
      if (unchanged) {
        return;
      }
    }
    golden.put(record.key(), next);
    if (!next.isComplete()) {
      return;
    }
    emitOrHold(
        record.key(),
        settled != null ? settled : asChange(record.key(), change.transactionId(), next),
        canonical,
        next,
        record.timestamp(),
        erpSeesAChange(record.key(), current, next));
  }

  /**
   * A change whose settled golden record would not make a valid canonical customer (the ERP blanked
   * a field the canonical customer requires, say): the golden record stays as it was, the change
   * goes to the dead-letter topic as JSON with the reason, and it is audited; the application goes
   * on, and a later valid change of the field applies.
   */
  private void refuseChange(Record<String, CustomerChange> record, DecodeException e) {
    CustomerChange change = record.value();
    LOG.warn(
        "dead-lettering {} change of customer {} at {}: {}",
        change.source(),
        record.key(),
        change.position(),
        e.getMessage());
    metrics.deadLettered(e.reason());
    auditor.deadLettered(
        context,
        change.table(),
        change.rawKey(),
        null,
        e.reason(),
        "not applied to customer " + record.key() + ": " + e.getMessage(),
        record.timestamp());
    RecordMetadata origin = context.recordMetadata().orElse(null);
    context.forward(
        new Record<Object, Object>(
            record.key().getBytes(StandardCharsets.UTF_8),
            CHANGES.serializer().serialize(null, change),
            record.timestamp(),
            DeadLetters.headers(record.headers(), origin, e.reason(), e.getMessage())),
        TopologyNames.DEAD_LETTER_SINK);
  }

  /**
   * False when the only fields that changed are ones the ERP owns: the canonical record still
   * changes, but an ERP command would carry nothing new (it leaves those fields out), so none is
   * sent. The ERP's own edits then never come back to it as commands.
   */
  private boolean erpSeesAChange(String key, GoldenCustomer current, GoldenCustomer next) {
    if (!current.isComplete()
        || current.deleted() != next.deleted()
        || !current.holdersOf(key).equals(next.holdersOf(key))) {
      return true;
    }
    Map<String, JsonNode> before = values(current.fields());
    Map<String, JsonNode> after = values(next.fields());
    before.keySet().removeAll(erpOwnedColumns);
    after.keySet().removeAll(erpOwnedColumns);
    return !before.equals(after);
  }

  /**
   * Emits the customer {@code next} now, or holds it for the window; {@code canonical} is its
   * canonical record when already mapped (null: mapped here).
   */
  private void emitOrHold(
      String key,
      RawChange state,
      Customer canonical,
      GoldenCustomer next,
      long timestamp,
      boolean toErp) {
    List<String> refs = sourceRefs(key, next);
    if (pending != null) {
      // Collapsed per window: the command goes out with the window's last state.
      pending.put(key, PendingCustomer.of(state, next.version(), timestamp, refs));
    } else {
      emit(key, state, canonical, refs, next.version(), timestamp, toErp);
    }
  }

  private void report(String key, CustomerChange change, List<Decision> decisions, long timestamp) {
    OpenConflicts open = openConflictsOf(key);
    OpenConflicts before = open;
    for (Decision decision : decisions) {
      CustomerConflict held = open.on(decision.field());
      if (decision.verdict() == Verdict.ACCEPTED) {
        if (held != null) {
          open = open.without(decision.field());
          closeConflict(
              held,
              CustomerConflict.Status.CLOSED,
              "a newer agreed value: "
                  + change.source()
                  + " set it to "
                  + decision.holding().value()
                  + " ("
                  + decision.rule()
                  + ")",
              timestamp);
        }
        continue;
      }
      auditor.fieldDecision(
          context, change.table(), change.rawKey(), change.position(), decision, timestamp);
      if (decision.verdict() == Verdict.CONFLICT) {
        metrics.conflict();
        FieldValue first = decision.contested();
        FieldValue second = decision.lost();
        CustomerConflict conflict =
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
                second.commitTimeMs(),
                change.source() + "@" + change.position(),
                timestamp,
                CustomerConflict.Status.OPEN,
                null,
                0);
        if (held != null) {
          closeConflict(
              held,
              CustomerConflict.Status.CLOSED,
              "a newer conflict on the field: " + conflict.id(),
              timestamp);
        }
        open = open.with(conflict);
        forwardConflict(conflict, timestamp);
      }
    }
    if (open != before) {
      keepOpen(key, open);
    }
  }

  private OpenConflicts openConflictsOf(String key) {
    OpenConflicts open = openConflicts.get(key);
    return open == null ? OpenConflicts.none() : open;
  }

  private void keepOpen(String key, OpenConflicts open) {
    if (open.isEmpty()) {
      openConflicts.delete(key);
    } else {
      openConflicts.put(key, open);
    }
  }

  private void closeConflict(
      CustomerConflict conflict, CustomerConflict.Status outcome, String because, long timestamp) {
    forwardConflict(conflict.closed(outcome, because, timestamp), timestamp);
  }

  private void forwardConflict(CustomerConflict conflict, long timestamp) {
    context.forward(
        new Record<Object, Object>(conflict.customerId(), conflict, timestamp),
        TopologyNames.CONFLICTS_SINK);
  }

  /**
   * Applies an operator's resolution to the golden record when it names the open conflict of its
   * field; anything else is refused and audited with the reason, and changes nothing.
   */
  private void resolve(String key, byte[] bytes, long timestamp) {
    ConflictResolution resolution =
        RESOLUTIONS.readOrRefuse(
            Topics.CONFLICT_RESOLUTIONS,
            bytes,
            "resolution",
            why -> refuse(key, null, why, timestamp));
    if (resolution == null) {
      return;
    }
    OpenConflicts open = openConflictsOf(key);
    GoldenCustomer current = golden.get(key);
    String problem = problemWith(key, resolution, open, current);
    if (problem != null) {
      refuse(key, resolution, problem, timestamp);
      return;
    }
    CustomerConflict conflict = open.on(resolution.field());
    FieldValue chosen = chosenValue(conflict, resolution);
    Map<String, FieldValue> fields = new TreeMap<>(current.fields());
    fields.put(resolution.field(), chosen);
    GoldenCustomer next =
        new GoldenCustomer(
            fields,
            current.version() + 1,
            current.deleted(),
            current.position(),
            current.commitTimeMs(),
            current.snapshot(),
            current.holdersOf(key));
    RawChange state = asChange(key, null, next);
    if (next.isComplete()) {
      try {
        CustomerMapper.toCanonical(state, settings.sourceSystem());
      } catch (DecodeException e) {
        refuse(
            key,
            resolution,
            "value "
                + chosen.value()
                + " is not valid for "
                + resolution.field()
                + ": "
                + e.getMessage(),
            timestamp);
        return;
      }
    }
    golden.put(key, next);
    keepOpen(key, open.without(resolution.field()));
    String rule =
        "operator resolution: "
            + resolution.resolvedBy()
            + " set "
            + resolution.field()
            + " to "
            + chosen.value()
            + " (took "
            + resolution.take()
            + "; the field held "
            + current.fields().get(resolution.field()).value()
            + ") for conflict "
            + conflict.id()
            + ", because: "
            + resolution.reason();
    closeConflict(conflict, CustomerConflict.Status.RESOLVED, rule, timestamp);
    auditor.resolution(
        context,
        "customers",
        customerRowKey(key),
        rule,
        settings.commandVersion(next.version()),
        timestamp);
    metrics.resolution("resolved");
    if (next.isComplete()) {
      emitOrHold(key, state, null, next, timestamp, true);
    }
  }

  /** Why {@code resolution} cannot be applied, or null when it can. */
  private static String problemWith(
      String key, ConflictResolution resolution, OpenConflicts open, GoldenCustomer current) {
    String field = resolution.field();
    if (!"customer".equals(resolution.entity())) {
      return "entity '" + resolution.entity() + "' is not one this pipeline resolves (customer)";
    }
    if (!key.equals(resolution.customerId())) {
      return "its customer id " + resolution.customerId() + " is not its key " + key;
    }
    if (field == null || !CustomerFields.POLICY_FIELDS.contains(field)) {
      return "unknown field '"
          + field
          + "' of customer (known: "
          + new java.util.TreeSet<>(CustomerFields.POLICY_FIELDS)
          + ")";
    }
    CustomerConflict conflict = open.on(field);
    if (conflict == null || current == null) {
      return "no open conflict on "
          + field
          + " of customer "
          + key
          + " (already resolved, closed by a newer value, or never raised)";
    }
    if (!conflict.id().equals(resolution.conflictId())) {
      return "stale: it resolves conflict "
          + resolution.conflictId()
          + ", but the open conflict on "
          + field
          + " is "
          + conflict.id();
    }
    if (current.deleted()) {
      return "customer " + key + " is deleted";
    }
    String take = resolution.take();
    if (ConflictResolution.TAKE_VALUE.equals(take)) {
      if (resolution.value() == null || resolution.value().isNull()) {
        return "take 'value' needs a value that is not null";
      }
    } else if (!conflict.firstSource().equals(take) && !conflict.secondSource().equals(take)) {
      return "take '"
          + take
          + "' is neither a source of the conflict ("
          + conflict.firstSource()
          + ", "
          + conflict.secondSource()
          + ") nor 'value'";
    }
    return null;
  }

  /**
   * The value the field takes: a source's value with that source's provenance (so the source's own
   * next edit is not a concurrent one), or the operator's value, set by {@code operator} at the
   * time of the decision.
   */
  private static FieldValue chosenValue(CustomerConflict conflict, ConflictResolution resolution) {
    if (resolution.take().equals(conflict.firstSource())) {
      return new FieldValue(
          conflict.firstValue(), conflict.firstSource(), conflict.firstCommitTimeMs(), null);
    }
    if (resolution.take().equals(conflict.secondSource())) {
      return new FieldValue(
          conflict.secondValue(), conflict.secondSource(), conflict.secondCommitTimeMs(), null);
    }
    return new FieldValue(resolution.value(), "operator", resolution.resolvedAtMs(), null);
  }

  private void refuse(String key, ConflictResolution resolution, String why, long timestamp) {
    LOG.warn(
        "refused a conflict resolution of customer {} from {}: {}",
        key,
        Topics.CONFLICT_RESOLUTIONS,
        why);
    String wanted =
        resolution == null
            ? ""
            : "; "
                + resolution.resolvedBy()
                + " wanted "
                + resolution.take()
                + (resolution.value() == null ? "" : " " + resolution.value())
                + " for "
                + resolution.field()
                + " of conflict "
                + resolution.conflictId()
                + ", because: "
                + resolution.reason();
    auditor.resolution(
        context,
        "customers",
        customerRowKey(key),
        "operator resolution refused: " + why + wanted,
        null,
        timestamp);
    metrics.resolution("refused");
  }

  /**
   * The key the audit trail of a customer is found under: the CRM customers row key {@code
   * {"id":42}} for a CRM id, {@code {"customer":"ada@example.com"}} for a business key.
   */
  private static String customerRowKey(String customerKey) {
    if (!customerKey.isEmpty() && customerKey.chars().allMatch(Character::isDigit)) {
      return "{\"id\":" + customerKey + "}";
    }
    return JsonNodeFactory.instance.objectNode().put("customer", customerKey).toString();
  }

  /**
   * The CRM rows merged into the customer as {@code system:id}, best-ranked source first: the first
   * CRM under its source system name (as its orders name it), the others under their names.
   */
  private List<String> sourceRefs(String key, GoldenCustomer state) {
    List<String> refs = new ArrayList<>();
    byRank(state.holdersOf(key))
        .forEach(e -> e.getValue().forEach(id -> refs.add(systemName(e.getKey()) + ":" + id)));
    return refs;
  }

  /** The holders, best-ranked source first (ties by name). */
  private java.util.stream.Stream<Map.Entry<String, java.util.SortedSet<Long>>> byRank(
      Map<String, java.util.SortedSet<Long>> holders) {
    return holders.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .sorted(
            java.util.Comparator.comparingInt(
                    (Map.Entry<String, java.util.SortedSet<Long>> e) ->
                        settings.customerRules().holderRank(e.getKey()))
                .thenComparing(Map.Entry::getKey));
  }

  private String systemName(String source) {
    return EmitSettings.CRM_SOURCE.equals(source) ? settings.sourceSystem() : source;
  }

  /** The id of the best-ranked CRM row of the customer, or the key itself when it is a CRM id. */
  private long primaryId(String key, GoldenCustomer state) {
    return byRank(state.holdersOf(key))
        .findFirst()
        .map(e -> e.getValue().first())
        .orElseGet(
            () -> {
              try {
                return Long.parseLong(key);
              } catch (NumberFormatException e) {
                return 0L;
              }
            });
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
  private RawChange asChange(String customerKey, String transactionId, GoldenCustomer state) {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    row.put("id", primaryId(customerKey, state));
    state.fields().forEach((field, value) -> row.set(field, value.value()));
    return new RawChange(
        customerRowKey(customerKey),
        state.deleted() ? Operation.DELETE : Operation.UPDATE,
        row,
        SourcePosition.parse(state.position()),
        state.commitTimeMs(),
        transactionId,
        null);
  }

  private void emitPending(long now) {
    List<org.apache.kafka.streams.KeyValue<String, PendingCustomer>> due = new ArrayList<>();
    try (KeyValueIterator<String, PendingCustomer> all = pending.all()) {
      all.forEachRemaining(due::add);
    }
    for (org.apache.kafka.streams.KeyValue<String, PendingCustomer> waiting : due) {
      PendingCustomer customer = waiting.value;
      emit(
          waiting.key,
          customer.change(),
          null,
          customer.sourceRefs() == null ? List.of() : customer.sourceRefs(),
          customer.version(),
          customer.timestamp(),
          true);
      pending.delete(waiting.key);
    }
  }

  private void emit(
      String key,
      RawChange change,
      Customer canonical,
      List<String> sourceRefs,
      long version,
      long timestamp,
      boolean toErp) {
    Customer customer =
        canonical != null ? canonical : CustomerMapper.toCanonical(change, settings.sourceSystem());
    customer.setSourceRefs(sourceRefs);
    ErpAction action = change.isDelete() ? settings.customerDeleteAction() : ErpAction.UPSERT;
    context.forward(
        new Record<Object, Object>(key, change.isDelete() ? null : customer, timestamp),
        TopologyNames.CANONICAL_CUSTOMERS_SINK);
    metrics.emitted(Topics.CANONICAL_CUSTOMERS);
    if (!toErp) {
      return;
    }
    context.forward(
        new Record<Object, Object>(
            key,
            CustomerMapper.toCommand(
                customer,
                key,
                action,
                settings.commandVersion(version),
                settings.sourceSystem(),
                erpOwnedColumns),
            timestamp),
        TopologyNames.CUSTOMER_COMMANDS_SINK);
    metrics.emitted(Topics.ERP_COMMANDS_CUSTOMERS);
  }
}
