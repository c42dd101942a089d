package io.crmerpsync.streams.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.streams.change.SourcePosition;
import io.crmerpsync.streams.conflict.ConflictResolver;
import io.crmerpsync.streams.conflict.Decision;
import io.crmerpsync.streams.conflict.EntityRules;
import io.crmerpsync.streams.conflict.FieldValue;
import io.crmerpsync.streams.conflict.FrozenMaps;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An order as last assembled: its header row (null until seen), whether it was deleted, its lines
 * by line id, each with the source position that last changed it, and the golden values of its
 * policy fields ({@link OrderFields}) with their provenance. One entry per order in the store.
 *
 * <p>Each row (header, every line, the ERP's row) applies only a change newer than the one it
 * holds, so batches of different transactions may reach the assembler in any order and still
 * converge. Deleted lines stay as fences so that an older change cannot bring them back. The policy
 * fields a CRM header or an ERP row changed are settled by the mapping file's {@code order} rules
 * ({@link ConflictResolver}), so that, for example, a status the ERP owns is never overwritten by
 * the CRM's.
 *
 * @param version increases with every batch that changed the order
 * @param fields the policy fields' golden values; empty in state written before field policies (the
 *     header's values then stand)
 * @param erpPosition the position of the last applied ERP change, null if none
 * @param crmFieldPositions per policy field, the position of the CRM change that last set it
 * @param erpRow the policy fields of the ERP's row as last applied, null if none
 */
public record OrderAggregate(
    JsonNode header,
    String headerPosition,
    boolean deleted,
    Map<Long, LineState> lines,
    long version,
    String position,
    long commitTimeMs,
    boolean snapshot,
    Map<String, FieldValue> fields,
    String erpPosition,
    Map<String, String> crmFieldPositions,
    JsonNode erpRow) {

  /** One line's last applied change. */
  public record LineState(JsonNode row, String position, boolean deleted) {}

  /**
   * The aggregate after a part, and the policy decisions it took (for the audit trail); {@code
   * aggregate} is the same instance when the part changed nothing.
   */
  public record Applied(OrderAggregate aggregate, List<Decision> decisions) {}

  public OrderAggregate {
    // JSON null reads back as a NullNode, not as null: normalise so "header not seen" is null.
    if (header != null && (header.isNull() || header.isMissingNode())) {
      header = null;
    }
    // Frozen: a map another aggregate or a resolution froze is shared, not copied.
    lines = lines == null ? FrozenMaps.handOver(new TreeMap<>()) : FrozenMaps.of(lines);
    fields = fields == null ? FrozenMaps.handOver(new TreeMap<>()) : FrozenMaps.of(fields);
    if (crmFieldPositions == null) {
      // State written before field policies: the header held set every field it has.
      TreeMap<String, String> legacy = new TreeMap<>();
      if (header != null && headerPosition != null) {
        for (String field : OrderFields.ALL) {
          if (header.has(field)) {
            legacy.put(field, headerPosition);
          }
        }
      }
      crmFieldPositions = FrozenMaps.handOver(legacy);
    } else {
      crmFieldPositions = FrozenMaps.of(crmFieldPositions);
    }
    if (erpRow != null && (erpRow.isNull() || erpRow.isMissingNode())) {
      erpRow = null;
    }
  }

  public static OrderAggregate empty() {
    return new OrderAggregate(
        null,
        null,
        false,
        new TreeMap<>(),
        0,
        null,
        0,
        false,
        new TreeMap<>(),
        null,
        new TreeMap<>(),
        null);
  }

  /**
   * The aggregate after {@code part}: a header or line of the order's CRM database, whose name in
   * the mapping file is {@code crm}, or an ERP change; policy fields settled by {@code rules}.
   */
  public Applied apply(OrderPart part, EntityRules rules, String crm) {
    if (!part.applied() || part.row() == null) {
      return new Applied(this, List.of());
    }
    if (part.erpChange()) {
      return applyErp(part, rules, crm);
    }
    if (part.line()) {
      LineState current = lines.get(part.lineId());
      if (current != null
          && !replaces(part, current.position(), current.row(), current.deleted())) {
        return new Applied(this, List.of());
      }
      TreeMap<Long, LineState> nextLines = new TreeMap<>(lines);
      nextLines.put(part.lineId(), new LineState(part.row(), part.position(), part.deleted()));
      return new Applied(
          new OrderAggregate(
              header,
              headerPosition,
              deleted,
              FrozenMaps.handOver(nextLines),
              version,
              newest(part),
              commitTime(part),
              part.snapshot(),
              fields,
              erpPosition,
              crmFieldPositions,
              erpRow),
          List.of());
    }
    boolean newerHeader = headerPosition == null || replaces(part, headerPosition, header, deleted);
    // The CRM's edits of policy fields: the fields this change really altered (the gate compared
    // the before and after images; a delete alters none), and those a newer header shows with
    // another value than the header held (a transaction in between was diverted as incomplete,
    // or is still on its way). A row without a before image (an insert, a snapshot row) is
    // compared with the header held: when newer, only what differs counts, so a re-snapshot
    // re-dates nothing it did not change; when older (an insert that reaches the assembler after
    // a later update of the same order), what the newer header still shows unchanged was set by
    // it, dated by its own commit. Each field takes a CRM edit only if it is newer than the CRM
    // edit the field last took.
    Map<String, JsonNode> changed = new TreeMap<>();
    TreeMap<String, String> nextCrmPositions = new TreeMap<>(crmFieldPositions);
    boolean held = header != null && !deleted;
    if (!part.deleted()) {
      for (String field : OrderFields.ALL) {
        JsonNode value = part.row().get(field);
        if (value == null) {
          continue;
        }
        boolean same = held && value.equals(header.get(field));
        boolean edited;
        String last = crmFieldPositions.get(field);
        if (part.changed() != null) {
          edited = part.changed().contains(field) || (newerHeader && held && !same);
        } else if (!held || newerHeader) {
          edited = !same;
        } else {
          // An older row without a before image: only for a field no CRM edit has set yet.
          FieldValue current = fields.get(field);
          edited = same && last == null && (current == null || !current.source().equals(crm));
        }
        if (edited
            && (last == null
                || isNewer(part.position(), last)
                || (part.snapshot() && part.position().equals(last)))) {
          changed.put(field, value);
          nextCrmPositions.put(field, part.position());
        }
      }
    }
    if (!newerHeader && changed.isEmpty()) {
      return new Applied(this, List.of());
    }
    ConflictResolver.Resolution resolution =
        ConflictResolver.resolve(rules, fields, crm, part.commitTimeMs(), changed);
    return new Applied(
        new OrderAggregate(
            newerHeader ? part.row() : header,
            newerHeader ? part.position() : headerPosition,
            newerHeader ? part.deleted() : deleted,
            lines,
            version,
            newest(part),
            commitTime(part),
            newerHeader ? part.snapshot() : snapshot,
            resolution.golden(),
            erpPosition,
            FrozenMaps.handOver(nextCrmPositions),
            erpRow),
        resolution.decisions());
  }

  private Applied applyErp(OrderPart part, EntityRules rules, String crm) {
    if (erpPosition != null && !isNewer(part.position(), erpPosition)) {
      return new Applied(this, List.of());
    }
    Map<String, FieldValue> known = new TreeMap<>(fields);
    Map<String, JsonNode> changed = new TreeMap<>();
    for (String field : OrderFields.ALL) {
      JsonNode value = part.row().get(field);
      boolean edited =
          part.changed() != null
              ? part.changed().contains(field)
              // No before image (an insert, a snapshot row): against the ERP's last row.
              : erpRow == null || !java.util.Objects.equals(value, erpRow.get(field));
      if (value == null || !edited) {
        continue;
      }
      changed.put(field, value);
      if (!known.containsKey(field) && header != null && header.has(field)) {
        // State from before field policies: the CRM's header value is what the ERP competes with.
        known.put(field, new FieldValue(header.get(field), crm, commitTimeMs, null));
      }
    }
    ConflictResolver.Resolution resolution =
        ConflictResolver.resolve(rules, known, part.source(), part.commitTimeMs(), changed);
    ObjectNode nextErpRow =
        erpRow instanceof ObjectNode held
            ? held.deepCopy()
            : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    part.row().properties().forEach(entry -> nextErpRow.set(entry.getKey(), entry.getValue()));
    return new Applied(
        new OrderAggregate(
            header,
            headerPosition,
            deleted,
            lines,
            version,
            position,
            commitTimeMs,
            snapshot,
            resolution.golden(),
            part.position(),
            crmFieldPositions,
            nextErpRow),
        resolution.decisions());
  }

  /** This aggregate with the next version. */
  public OrderAggregate nextVersion() {
    return new OrderAggregate(
        header,
        headerPosition,
        deleted,
        lines,
        version + 1,
        position,
        commitTimeMs,
        snapshot,
        fields,
        erpPosition,
        crmFieldPositions,
        erpRow);
  }

  /** The policy fields' values (without provenance), for comparing what an order shows. */
  public Map<String, JsonNode> fieldValues() {
    Map<String, JsonNode> values = new TreeMap<>();
    fields.forEach((field, value) -> values.put(field, value.value()));
    return values;
  }

  /**
   * The header as the order shows it: the CRM's header row with the policy fields' golden values in
   * place of the CRM's. Null until the header is seen.
   */
  public JsonNode effectiveHeader() {
    if (header == null || fields.isEmpty() || !header.isObject()) {
      return header;
    }
    ObjectNode effective = ((ObjectNode) header).deepCopy();
    fields.forEach((field, value) -> effective.set(field, value.value()));
    return effective;
  }

  /** The rows of the lines that exist now (deleted ones left out), by line id. */
  public Map<Long, JsonNode> currentLines() {
    Map<Long, JsonNode> current = new TreeMap<>();
    lines.forEach(
        (id, state) -> {
          if (!state.deleted()) {
            current.put(id, state.row());
          }
        });
    return current;
  }

  private String newest(OrderPart part) {
    return position == null || isNewer(part.position(), position) ? part.position() : position;
  }

  private long commitTime(OrderPart part) {
    return Math.max(commitTimeMs, part.commitTimeMs());
  }

  /**
   * Whether a CRM part replaces what is held at {@code heldPosition}: a newer position, or a
   * snapshot row read again at the very position held (nothing logged since) that shows something
   * else: a later read of the row, as the version gate lets through. Read again unchanged, it
   * changes nothing.
   */
  private static boolean replaces(
      OrderPart part, String heldPosition, JsonNode heldRow, boolean heldDeleted) {
    int order = SourcePosition.parse(part.position()).compareTo(SourcePosition.parse(heldPosition));
    return order > 0
        || (order == 0
            && part.snapshot()
            && (part.deleted() != heldDeleted || !java.util.Objects.equals(part.row(), heldRow)));
  }

  private static boolean isNewer(String candidate, String current) {
    return SourcePosition.parse(candidate).isAfter(SourcePosition.parse(current));
  }
}
