package io.crmerpsync.streams.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.change.DecodeException;
import io.crmerpsync.streams.conflict.Decision;
import io.crmerpsync.streams.conflict.EntityRules;
import io.crmerpsync.streams.conflict.Verdict;
import io.crmerpsync.streams.customer.ResyncRequest;
import io.crmerpsync.streams.deadletter.DeadLetters;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.JsonSerde;
import io.crmerpsync.streams.topology.TopologyNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles an order from its header and lines and emits, after every applied part, the whole
 * order: the canonical order (a tombstone once deleted) and one ERP command carrying header and all
 * current lines, so the ERP never takes lines one by one.
 *
 * <p>Input is one batch per order and source transaction (see {@link OrderTransactionAssembler}),
 * so an order and its lines changed together reach the ERP as one command. Parts of an order whose
 * header has not arrived yet are kept and emitted with the header.
 */
public final class OrderAssembler implements Processor<String, Object, Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(OrderAssembler.class);
  private static final JsonSerde<OrderPartBatch> PARTS = new JsonSerde<>(OrderPartBatch.class);
  private static final JsonSerde<ResyncRequest> RESYNC_REQUESTS =
      new JsonSerde<>(ResyncRequest.class);

  private final EmitSettings settings;
  private final SyncMetrics metrics;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, OrderAggregate> aggregates;

  private final io.crmerpsync.streams.topology.OrderNodes nodes;
  private final EntityRules rules;
  private final Set<String> erpOwned;
  private final Auditor auditor;

  /**
   * The assembler of the CRM database that {@code nodes} name: its orders carry {@code
   * nodes.sourceSystem()} and, for a database other than the first, keys {@code source:id}.
   */
  public OrderAssembler(
      EmitSettings settings, SyncMetrics metrics, io.crmerpsync.streams.topology.OrderNodes nodes) {
    this.settings = settings;
    this.metrics = metrics;
    this.nodes = nodes;
    this.rules = settings.orderRulesOf(nodes.source());
    this.erpOwned = settings.erpOwnedOrderColumns();
    this.auditor = new Auditor(settings.sourceSystem());
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.aggregates = context.getStateStore(nodes.aggregatesStore());
  }

  /** A batch of an order's parts, or (raw bytes) an operator's resync request of the order. */
  @Override
  public void process(Record<String, Object> record) {
    boolean resyncRequest =
        nodes
            .resyncRequestsTopic()
            .equals(context.recordMetadata().map(RecordMetadata::topic).orElse(null));
    if (!resyncRequest) {
      if (record.value() instanceof OrderPartBatch batch) {
        assemble(record.withValue(batch));
      }
      return;
    }
    String orderId = record.key() == null ? "" : record.key();
    if (!orderId.matches("\\d{1,18}")) {
      refuseResync(
          nodes.table("orders"),
          auditKey(orderId),
          orderId,
          null,
          "'" + orderId + "' is not an order id (a whole number)",
          record.timestamp());
      return;
    }
    resync(orderId, (byte[]) record.value(), record.timestamp());
  }

  /** The audit trail's key of order {@code orderId}: its header row's, {@code {"id":7}}. */
  private static String auditKey(String orderId) {
    return orderId.matches("\\d{1,18}")
        ? "{\"id\":" + orderId + "}"
        : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode()
            .put("id", orderId)
            .toString();
  }

  /**
   * Sends the order as assembled to the ERP again (canonical order and ERP command with header and
   * all current lines), with the next version so that the ERP's conditional upsert takes it; a
   * deleted order as the delete the ERP expects. Nothing else changes. An order without its header
   * (never seen, or only lines so far) is refused; both outcomes are audited.
   */
  private void resync(String orderId, byte[] bytes, long timestamp) {
    String table = nodes.table("orders");
    String auditKey = auditKey(orderId);
    ResyncRequest request =
        RESYNC_REQUESTS.readOrRefuse(
            nodes.resyncRequestsTopic(),
            bytes,
            "resync request",
            why -> refuseResync(table, auditKey, orderId, null, why, timestamp));
    if (request == null) {
      return;
    }
    OrderAggregate current = aggregates.get(orderId);
    if (current == null || current.header() == null) {
      refuseResync(
          table,
          auditKey,
          orderId,
          request,
          current == null
              ? "no order " + orderId + " (never seen)"
              : "order " + orderId + " has no header yet, there is nothing to send",
          timestamp);
      return;
    }
    OrderAggregate next = current.nextVersion();
    Order order;
    try {
      order = OrderMapper.toCanonical(next, nodes.sourceSystem());
    } catch (DecodeException e) {
      refuseResync(
          table,
          auditKey,
          orderId,
          request,
          "it is not a valid order: " + e.getMessage(),
          timestamp);
      return;
    }
    aggregates.put(orderId, next);
    auditor.resync(
        context,
        table,
        auditKey,
        request.sentRule(
            "order "
                + nodes.orderKey(orderId)
                + " ("
                + (next.deleted() ? "as deleted" : "as assembled")
                + ", version "
                + settings.commandVersion(next.version())
                + ")"),
        settings.commandVersion(next.version()),
        timestamp);
    metrics.resync("sent");
    emit(nodes.orderKey(orderId), next, order, timestamp);
  }

  private void refuseResync(
      String table,
      String auditKey,
      String orderId,
      ResyncRequest request,
      String why,
      long timestamp) {
    LOG.warn(
        "refused a resync request of order {} from {}: {}",
        nodes.orderKey(orderId),
        nodes.resyncRequestsTopic(),
        why);
    auditor.resync(
        context, table, auditKey, ResyncRequest.refusedRule(request, why), null, timestamp);
    metrics.resync("refused");
  }

  /** The canonical order (a tombstone once deleted) and its ERP command. */
  private void emit(String key, OrderAggregate aggregate, Order order, long timestamp) {
    context.forward(
        new Record<Object, Object>(key, aggregate.deleted() ? null : order, timestamp),
        nodes.canonicalSink());
    metrics.emitted(Topics.CANONICAL_ORDERS);
    emitCommand(key, aggregate, order, timestamp);
  }

  private void emitCommand(String key, OrderAggregate aggregate, Order order, long timestamp) {
    ErpAction action = aggregate.deleted() ? settings.orderDeleteAction() : ErpAction.UPSERT;
    context.forward(
        new Record<Object, Object>(
            key,
            OrderMapper.toCommand(
                order,
                action,
                settings.commandVersion(aggregate.version()),
                nodes.sourceSystem(),
                erpOwned),
            timestamp),
        nodes.commandsSink());
    metrics.emitted(Topics.ERP_COMMANDS_ORDERS);
  }

  private void assemble(Record<String, OrderPartBatch> record) {
    OrderAggregate before = aggregates.get(record.key());
    if (before == null) {
      before = OrderAggregate.empty();
    }
    OrderAggregate after = before;
    boolean fromCrm = false;
    for (OrderPart part : record.value().parts()) {
      OrderAggregate.Applied applied = after.apply(part, rules, nodes.source());
      fromCrm |= applied.aggregate() != after && !part.erpChange();
      audit(record, part, applied.decisions());
      after = applied.aggregate();
    }
    if (after == before) {
      return;
    }
    if (!fromCrm && after.fieldValues().equals(before.fieldValues())) {
      // An ERP change that settled nothing new (rejected, lost, or the value the order has): kept
      // as the ERP's last position, nothing to publish.
      aggregates.put(record.key(), after);
      return;
    }
    after = after.nextVersion();
    aggregates.put(record.key(), after);
    if (after.header() == null || (before.deleted() && after.deleted())) {
      return;
    }
    Order order;
    try {
      order = OrderMapper.toCanonical(after, nodes.sourceSystem());
    } catch (DecodeException e) {
      deadLetter(record, e);
      return;
    }
    String key = nodes.orderKey(record.key());
    if (!fromCrm && !erpSeesAChange(before, after)) {
      // Only ERP-owned fields changed: the canonical order shows them, but a command would carry
      // nothing new (it leaves them out), so the ERP's own edits never come back to it.
      context.forward(
          new Record<Object, Object>(key, after.deleted() ? null : order, record.timestamp()),
          nodes.canonicalSink());
      metrics.emitted(Topics.CANONICAL_ORDERS);
      return;
    }
    emit(key, after, order, record.timestamp());
  }

  private boolean erpSeesAChange(OrderAggregate before, OrderAggregate after) {
    Map<String, JsonNode> was = before.fieldValues();
    Map<String, JsonNode> is = after.fieldValues();
    was.keySet().removeAll(erpOwned);
    is.keySet().removeAll(erpOwned);
    return before.header() == null || !was.equals(is);
  }

  /** Audits the policy decisions a part lost or was rejected by (accepted ones are not news). */
  private void audit(
      Record<String, OrderPartBatch> record, OrderPart part, List<Decision> decisions) {
    for (Decision decision : decisions) {
      if (decision.verdict() == Verdict.ACCEPTED) {
        continue;
      }
      auditor.fieldDecision(
          context,
          nodes.table("orders"),
          // The audit trail of the order's header row: the CLI finds both by the order id.
          "{\"id\":" + record.key() + "}",
          part.position(),
          decision,
          record.timestamp());
    }
  }

  /**
   * An order the gates let through but that cannot be assembled (a bug or a mapping gap): the part
   * that triggered it goes to the dead-letter topic as JSON, and the application goes on.
   */
  private void deadLetter(Record<String, OrderPartBatch> record, DecodeException e) {
    RecordMetadata origin = context.recordMetadata().orElse(null);
    LOG.warn("dead-lettering order part of order {}: {}", record.key(), e.getMessage());
    metrics.deadLettered(e.reason());
    context.forward(
        new Record<Object, Object>(
            record.key().getBytes(StandardCharsets.UTF_8),
            PARTS.serializer().serialize(null, record.value()),
            record.timestamp(),
            DeadLetters.headers(record.headers(), origin, e.reason(), e.getMessage())),
        TopologyNames.DEAD_LETTER_SINK);
  }
}
