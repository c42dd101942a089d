package io.crmerpsync.streams.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * An order as last assembled: its header row (null until seen), whether it was deleted, and its
 * current lines by line id. One entry per order in the store; deleted orders keep their entry as
 * the fence that stops a late line from resurrecting them.
 *
 * @param version increases with every applied change of the header or any line
 */
public record OrderAggregate(
    JsonNode header,
    boolean deleted,
    Map<Long, JsonNode> lines,
    long version,
    String position,
    long commitTimeMs,
    boolean snapshot) {

  public OrderAggregate {
    // JSON null reads back as a NullNode, not as null: normalise so "header not seen" is null.
    if (header != null && (header.isNull() || header.isMissingNode())) {
      header = null;
    }
  }

  public static OrderAggregate empty() {
    return new OrderAggregate(null, false, new TreeMap<>(), 0, null, 0, false);
  }

  /** The aggregate after {@code part} applied. */
  public OrderAggregate apply(OrderPart part) {
    JsonNode nextHeader = header;
    boolean nextDeleted = deleted;
    Map<Long, JsonNode> nextLines = new TreeMap<>(lines);
    if (part.line()) {
      if (part.deleted()) {
        nextLines.remove(part.lineId());
      } else {
        nextLines.put(part.lineId(), part.row());
      }
    } else {
      nextHeader = part.row();
      nextDeleted = part.deleted();
    }
    return new OrderAggregate(
        nextHeader,
        nextDeleted,
        nextLines,
        version + 1,
        part.position(),
        part.commitTimeMs(),
        part.snapshot());
  }
}
