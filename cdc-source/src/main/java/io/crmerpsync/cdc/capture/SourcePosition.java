package io.crmerpsync.cdc.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Where in the CRM's binlog one change was read, as written into the {@code position} field of a
 * raw change value (see {@link RawChangeContract} for meaning and ordering).
 *
 * @param serverId server id of the CRM server that wrote the change (0 for snapshot rows)
 * @param gtid GTID of the change's transaction, or {@code null} (snapshot rows, GTIDs off)
 * @param gtids the offset's GTID set: transactions completed before this change's one (for a
 *     snapshot row, when the snapshot was read), or {@code null} (GTIDs off)
 * @param file binlog file of the Connect source offset
 * @param pos position in {@code file} of the Connect source offset (transaction start)
 * @param event events to skip after {@code pos} to reach this change (0 if absent)
 * @param row rows to skip inside that event (0 if absent)
 * @param totalOrder the change's number inside its transaction (from 1), or {@code null}
 * @param snapshot whether the change is a snapshot row rather than a streamed change
 */
public record SourcePosition(
    long serverId,
    String gtid,
    String gtids,
    String file,
    long pos,
    long event,
    int row,
    Long totalOrder,
    boolean snapshot)
    implements RawPosition {

  /** Reads the position of a data change record (one with an {@code op} envelope). */
  static SourcePosition of(SourceRecord record) {
    Map<String, ?> offset = record.sourceOffset();
    Struct value = (Struct) record.value();
    Struct source = optionalStruct(value, RawChangeContract.SOURCE);
    Struct transaction = optionalStruct(value, RawChangeContract.TRANSACTION);
    Object serverId = source == null ? null : optional(source, "server_id");
    Object gtid = source == null ? null : optional(source, "gtid");
    return new SourcePosition(
        serverId instanceof Number n ? n.longValue() : 0L,
        gtid == null ? null : gtid.toString(),
        offset.get("gtids") == null ? null : offset.get("gtids").toString(),
        offset.get("file") == null ? null : offset.get("file").toString(),
        number(offset.get("pos")),
        number(offset.get("event")),
        (int) number(offset.get("row")),
        transaction == null ? null : (Long) optional(transaction, "total_order"),
        isSnapshot(offset, source));
  }

  /** Writes this position's members (the contract's {@code position} object, without braces). */
  @Override
  public void writeMembers(JsonGenerator json) throws IOException {
    RawPosition.field(json, RawChangeContract.POSITION_SERVER_ID, serverId);
    RawPosition.field(json, RawChangeContract.POSITION_GTID, gtid);
    RawPosition.field(json, RawChangeContract.POSITION_GTIDS, gtids);
    RawPosition.field(json, RawChangeContract.POSITION_FILE, file);
    RawPosition.field(json, RawChangeContract.POSITION_POS, pos);
    RawPosition.field(json, RawChangeContract.POSITION_EVENT, event);
    RawPosition.field(json, RawChangeContract.POSITION_ROW, row);
    RawPosition.field(json, RawChangeContract.POSITION_TOTAL_ORDER, totalOrder);
    RawPosition.field(json, RawChangeContract.POSITION_SNAPSHOT, snapshot);
  }

  // The offset says snapshot=true while the snapshot runs; the source block's snapshot field
  // (true/first/last/...) says the same per row. Either one marks a snapshot row.
  private static boolean isSnapshot(Map<String, ?> offset, Struct source) {
    Object offsetFlag = offset.get("snapshot");
    if (offsetFlag != null && Boolean.parseBoolean(offsetFlag.toString())) {
      return true;
    }
    Object sourceFlag = source == null ? null : optional(source, "snapshot");
    return sourceFlag != null && !"false".equals(sourceFlag.toString());
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }

  private static Struct optionalStruct(Struct struct, String field) {
    Object value = optional(struct, field);
    return value instanceof Struct s ? s : null;
  }

  private static Object optional(Struct struct, String field) {
    Field f = struct.schema().field(field);
    return f == null ? null : struct.get(f);
  }
}
