package io.crmerpsync.streams.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmerpsync.streams.change.SourcePosition;
import java.util.Map;
import java.util.TreeMap;

/**
 * An order as last assembled: its header row (null until seen), whether it was deleted, and its
 * lines by line id, each with the source position that last changed it. One entry per order in the
 * store.
 *
 * <p>Each row (header, every line) applies only a change newer than the one it holds, so batches of
 * different transactions may reach the assembler in any order and still converge. Deleted lines
 * stay as fences so that an older change cannot bring them back.
 *
 * @param version increases with every batch that changed the order
 */
public record OrderAggregate(
    JsonNode header,
    String headerPosition,
    boolean deleted,
    Map<Long, LineState> lines,
    long version,
    String position,
    long commitTimeMs,
    boolean snapshot) {

  /** One line's last applied change. */
  public record LineState(JsonNode row, String position, boolean deleted) {}

  public OrderAggregate {
    // JSON null reads back as a NullNode, not as null: normalise so "header not seen" is null.
    if (header != null && (header.isNull() || header.isMissingNode())) {
      header = null;
    }
    lines = lines == null ? new TreeMap<>() : new TreeMap<>(lines);
  }

  public static OrderAggregate empty() {
    return new OrderAggregate(null, null, false, new TreeMap<>(), 0, null, 0, false);
  }

  /** The aggregate after {@code part}, or this same aggregate when the part is not newer. */
  public OrderAggregate apply(OrderPart part) {
    if (!part.applied() || part.row() == null) {
      return this;
    }
    if (part.line()) {
      LineState current = lines.get(part.lineId());
      if (current != null && !isNewer(part.position(), current.position())) {
        return this;
      }
      Map<Long, LineState> nextLines = new TreeMap<>(lines);
      nextLines.put(part.lineId(), new LineState(part.row(), part.position(), part.deleted()));
      return new OrderAggregate(
          header,
          headerPosition,
          deleted,
          nextLines,
          version,
          newest(part),
          commitTime(part),
          part.snapshot());
    }
    if (headerPosition != null && !isNewer(part.position(), headerPosition)) {
      return this;
    }
    return new OrderAggregate(
        part.row(),
        part.position(),
        part.deleted(),
        lines,
        version,
        newest(part),
        commitTime(part),
        part.snapshot());
  }

  /** This aggregate with the next version. */
  public OrderAggregate nextVersion() {
    return new OrderAggregate(
        header, headerPosition, deleted, lines, version + 1, position, commitTimeMs, snapshot);
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

  private static boolean isNewer(String candidate, String current) {
    return SourcePosition.parse(candidate).isAfter(SourcePosition.parse(current));
  }
}
