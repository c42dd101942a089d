package io.crmerpsync.cdc.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Where in a PostgreSQL server's write-ahead log one change was read through logical decoding, as
 * written into the {@code position} field of a raw change value (see {@link RawChangeContract},
 * section PostgreSQL, for meaning and ordering). The binlog counterpart is {@link SourcePosition}.
 *
 * @param lsn the change's own LSN (Connect source offset {@code lsn})
 * @param lsnCommit the transaction's place in commit order: Debezium's offset {@code lsn_commit},
 *     which is the end LSN of the commit that preceded the change's transaction in the stream
 *     (measured with pgoutput, Debezium 3.5.0), so it is equal for all changes of one transaction
 *     and strictly increases from one transaction to the next; for snapshot rows the snapshot's
 *     LSN; see {@link CommitOrder} for the first transaction after a slot was created
 * @param txId PostgreSQL transaction id (offset {@code txId}), or {@code null}
 * @param totalOrder the change's number inside its transaction (from 1), or {@code null}
 * @param snapshot whether the change is a snapshot row rather than a streamed change
 */
public record LsnPosition(long lsn, long lsnCommit, Long txId, Long totalOrder, boolean snapshot)
    implements RawPosition {

  /** Reads the position of a data change record (one with an {@code op} envelope). */
  static LsnPosition of(SourceRecord record, CommitOrder commitOrder) {
    Map<String, ?> offset = record.sourceOffset();
    Struct value = (Struct) record.value();
    Struct transaction = optionalStruct(value, RawChangeContract.TRANSACTION);
    boolean snapshot = isSnapshot(offset, optionalStruct(value, RawChangeContract.SOURCE));
    long lsn = number(offset.get("lsn"));
    Long txId = offset.get("txId") instanceof Number n ? n.longValue() : null;
    Object commit = offset.get("lsn_commit");
    long lsnCommit;
    if (snapshot) {
      lsnCommit = commitOrder.snapshotAt(lsn);
    } else if (commit instanceof Number n) {
      lsnCommit = commitOrder.committedBefore(n.longValue());
    } else {
      lsnCommit = commitOrder.noCommitSeen(txId, lsn);
    }
    return new LsnPosition(
        lsn,
        lsnCommit,
        txId,
        transaction == null ? null : (Long) optional(transaction, "total_order"),
        snapshot);
  }

  /** Writes this position's members (the contract's {@code position} object, without braces). */
  @Override
  public void writeMembers(JsonGenerator json) throws IOException {
    RawPosition.field(json, RawChangeContract.POSITION_LSN, lsn);
    RawPosition.field(json, RawChangeContract.POSITION_LSN_COMMIT, lsnCommit);
    RawPosition.field(json, RawChangeContract.POSITION_TX_ID, txId);
    RawPosition.field(json, RawChangeContract.POSITION_TOTAL_ORDER, totalOrder);
    RawPosition.field(json, RawChangeContract.POSITION_SNAPSHOT, snapshot);
  }

  /**
   * Fills the commit-order key where Debezium's offset has none: the first transaction streamed
   * from a new slot carries no {@code lsn_commit} (no commit was decoded before it). It then gets
   * the last key this source handed out in this run (the snapshot's LSN right after a snapshot),
   * or, when there is none (empty snapshot, or a restart before the first commit), the LSN of its
   * first change seen in this run. Limit of that last case: a replay that resumes inside that one
   * transaction, or a transaction that began before the snapshot point, can get a different or a
   * lower key. One instance per source run, used from the engine's single thread.
   */
  static final class CommitOrder {
    private long lastKey = -1;
    private Long fallbackTxId;
    private long fallbackKey;

    long snapshotAt(long lsn) {
      lastKey = lsn;
      return lsn;
    }

    long committedBefore(long lsnCommit) {
      lastKey = lsnCommit;
      return lsnCommit;
    }

    long noCommitSeen(Long txId, long lsn) {
      if (lastKey >= 0) {
        return lastKey;
      }
      if (fallbackTxId == null || !fallbackTxId.equals(txId)) {
        fallbackTxId = txId;
        fallbackKey = lsn;
      }
      return fallbackKey;
    }
  }

  // While the snapshot runs the offset carries snapshot=true (or a snapshot kind); the source
  // block's snapshot field (true/first/last/...) says the same per row.
  private static boolean isSnapshot(Map<String, ?> offset, Struct source) {
    Object offsetFlag = offset.get("snapshot");
    if (offsetFlag != null
        && !"false".equalsIgnoreCase(offsetFlag.toString())
        && !offsetFlag.toString().isEmpty()) {
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
