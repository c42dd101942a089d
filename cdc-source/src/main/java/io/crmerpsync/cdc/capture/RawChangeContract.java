package io.crmerpsync.cdc.capture;

/**
 * The raw change topics the CDC source writes and the streams app reads: names, key, value and
 * column encodings. The streams app does not depend on this module; it mirrors these names, so this
 * comment is the specification. Measured with MariaDB 11.4 and Debezium 3.5.0.Final ({@code
 * decimal.handling.mode=string}, {@code provide.transaction.metadata=true}, {@code
 * tombstones.on.delete=false}, default {@code time.precision.mode}).
 *
 * <h2>Topics</h2>
 *
 * <ul>
 *   <li>Row changes: {@code <crm.topic.prefix>.<database>.<table>}, e.g. {@code
 *       crm.sales.customers}. Created with {@code cdc.topic.partitions} partitions (default 1); the
 *       key decides the partition, so one row's changes stay in order.
 *   <li>Transaction markers: {@code <crm.topic.prefix>.transaction}, e.g. {@code crm.transaction}.
 * </ul>
 *
 * <p>Both are UTF-8 JSON without an embedded schema (Kafka's {@code JsonConverter}, {@code
 * schemas.enable=false}, {@code replace.null.with.default=false}). Delivery is at least once: after
 * a crash or a failed write, up to {@code cdc.offset.flush.interval.ms} worth of records come again
 * byte for byte (same position). A delete is one record with {@code op=d}; there are no tombstones.
 *
 * <h2>Row change key</h2>
 *
 * The primary key columns as a JSON object, e.g. {@code {"id":42}}; composite keys have one field
 * per column. A table without a primary key gets a {@code null} key.
 *
 * <h2>Row change value</h2>
 *
 * The Debezium envelope plus {@link #POSITION}:
 *
 * <pre>{@code
 * {"before":{...}|null, "after":{...}|null,
 *  "source":{"version":"3.5.0.Final","connector":"mariadb","name":"crm","ts_ms":1795732908000,
 *            "snapshot":null|"true"|"first"|"last"|...,"db":"sales","sequence":null,
 *            "ts_us":..,"ts_ns":..,"table":"customers","server_id":1,"gtid":"0-1-14",
 *            "file":"mysql-bin.000001","pos":8207,"row":0,"thread":null,"query":null},
 *  "transaction":{"id":"0-1-14","total_order":1,"data_collection_order":1}|null,
 *  "op":"c", "ts_ms":1795732908200, "ts_us":.., "ts_ns":..,
 *  "position":{"server_id":1,"gtid":"0-1-14","file":"mysql-bin.000001","pos":8207,
 *              "event":2,"row":1,"total_order":1,"snapshot":false}}
 * }</pre>
 *
 * <ul>
 *   <li>{@link #OP}: {@code r} snapshot read, {@code c} insert, {@code u} update, {@code d} delete.
 *       {@code c}/{@code r}: {@code before} is null; {@code d}: {@code after} is null; {@code u}:
 *       both are full rows (binlog row image FULL).
 *   <li>{@link #SOURCE}: Debezium's source block, unchanged. Its {@code file}/{@code pos} is the
 *       start of the transaction and its {@code row} is 0 for single-row statements, so it is
 *       <b>not</b> unique per change: use {@link #POSITION}. {@code ts_ms} has one-second
 *       resolution. Snapshot rows have {@code server_id} 0 and {@code gtid} null.
 *   <li>{@link #TS_MS} (top level): when Debezium processed the change, not when it was committed.
 *   <li>{@link #TRANSACTION}: {@code id} (the GTID on MariaDB, e.g. {@code "0-1-42"}; with GTIDs
 *       off {@code "file=..,pos=.."}), {@code total_order} (1-based number of the change within its
 *       transaction, all tables), {@code data_collection_order} (same, within its table). Null for
 *       snapshot rows.
 * </ul>
 *
 * <h3>{@link #POSITION}: where the change is in the binlog</h3>
 *
 * <ul>
 *   <li>{@link #POSITION_FILE} (string), {@link #POSITION_POS} (long), {@link #POSITION_EVENT}
 *       (long), {@link #POSITION_ROW} (int): Debezium's Connect source offset of this change, the
 *       point from which it would resume: binlog file, position of the transaction's start, events
 *       to skip after it, rows to skip inside that event. {@code event} and {@code row} are 0 when
 *       the offset lacks them. Every streamed change of one server has its own tuple, also within
 *       one multi-row statement ({@code row} 1, 2, 3, ...) and one transaction ({@code event}).
 *   <li>{@link #POSITION_SERVER_ID} (long): the source block's {@code server_id} (0 for snapshot
 *       rows).
 *   <li>{@link #POSITION_GTID} (string or null): the source block's {@code gtid}; null for snapshot
 *       rows and when GTIDs are off.
 *   <li>{@link #POSITION_GTIDS} (string or null): the Connect source offset's GTID set, the
 *       transactions the server had completed before this change's transaction (MariaDB {@code
 *       domain-server-seq} per domain, comma-separated); for a snapshot row the set at which the
 *       snapshot was read. Null when the offset has none (GTIDs off). Together with {@code gtid} it
 *       orders changes across a failover, where {@code file}/{@code pos} restart.
 *   <li>{@link #POSITION_TOTAL_ORDER} (long or null): {@code transaction.total_order}; null for
 *       snapshot rows.
 *   <li>{@link #POSITION_SNAPSHOT} (boolean): true for snapshot rows ({@code op=r}).
 * </ul>
 *
 * <p>Ordering. Within one CRM server's binlog, changes are totally ordered by ({@code file}, {@code
 * pos}, {@code event}, {@code row}): compare {@code file} by its numeric suffix (the base name is
 * fixed; equal-length suffixes also compare as strings), the rest as numbers. All rows of one
 * snapshot share the snapshot's position ({@code event=0, row=0}; each key occurs once per
 * snapshot), and every change streamed after that snapshot is strictly higher (its {@code event} is
 * at least 1 even when its transaction starts exactly there). A later re-snapshot has a higher
 * position than the changes before it. Duplicates after a replay carry an equal position. After a
 * failover to another server, {@code file}/{@code pos} are not comparable; GTIDs ({@code
 * domain-server-seq} on MariaDB) plus {@code total_order} are. Commit timestamps never order.
 *
 * <h2>Column encodings</h2>
 *
 * <ul>
 *   <li>DECIMAL/NUMERIC: JSON string with the column's scale, e.g. {@code "1500.00"}, {@code
 *       "2.000"}.
 *   <li>DATETIME(0..3): JSON number, epoch milliseconds of the stored wall-clock value read as if
 *       it were UTC (no time zone conversion): {@code '2024-03-01 10:15:30.250'} becomes {@code
 *       1709288130250}. DATETIME(4..6): epoch microseconds, same rule.
 *   <li>DATE: number of days since 1970-01-01 ({@code 19783}). TIME(n): microseconds since
 *       midnight.
 *   <li>TIMESTAMP(n): ISO-8601 string in UTC. <b>Parse it as an instant, never compare the
 *       text</b>: a snapshot row writes {@code "2024-03-01T10:15:30.25Z"} where the binlog writes
 *       {@code "2024-03-01T10:15:30.250Z"} for the same value.
 *   <li>ENUM: the label, e.g. {@code "ACTIVE"}. SET: labels joined by commas, e.g. {@code "x,y"}.
 *       CHAR/VARCHAR/TEXT: string.
 *   <li>TINYINT..BIGINT: number; TINYINT(1) too ({@code 1}, not {@code true}). A BIGINT above 2^53
 *       is written exactly ({@code 9007199254740993}): read it as a 64-bit integer, not a double.
 *   <li>SQL NULL: JSON null, also in nullable columns that have a DEFAULT.
 * </ul>
 *
 * <p>Every encoding above was checked to be identical for a snapshot row and a streamed row, except
 * the TIMESTAMP text noted.
 *
 * <h2>Transaction markers</h2>
 *
 * Key {@code {"id":"0-1-42"}}. Value {@code {"status":"BEGIN","id":"0-1-42","event_count":null,
 * "data_collections":null,"ts_ms":..}} and, after the transaction's last change, {@code
 * {"status":"END","id":"0-1-42","event_count":4,"data_collections":[{"data_collection":
 * "sales.order_lines","event_count":3},{"data_collection":"sales.orders","event_count":1}],
 * "ts_ms":..}}. {@code data_collection} is {@code <database>.<table>}. Markers carry no {@link
 * #POSITION}. Things to expect:
 *
 * <ul>
 *   <li>BEGIN's {@code ts_ms} may lie well before the transaction (seen: 20 s); do not use it.
 *   <li>On every restart the last transaction already delivered is sent again as BEGIN + END with
 *       {@code event_count=0}; it is not a new, empty transaction.
 *   <li>Counts cover the captured tables only ({@code crm.tables}); snapshot rows have no markers.
 *   <li>Markers and row changes are in different topics (and partitions): an assembler must wait
 *       for both the END and all {@code event_count} changes, in any order.
 * </ul>
 *
 * <h2>PostgreSQL sources ({@code crm.connector=postgres})</h2>
 *
 * The ERP's changes, read through logical decoding ({@code pgoutput}, Debezium's PostgreSQL
 * connector 3.5.0.Final, measured with PostgreSQL 17). Everything above holds, with these
 * differences:
 *
 * <ul>
 *   <li>Topics: {@code <crm.topic.prefix>.<crm.schema>.<table>}, e.g. {@code
 *       erp.public.customer_master}; markers in {@code <crm.topic.prefix>.transaction}.
 *   <li>{@link #SOURCE}: {@code "connector":"postgresql"}, {@code "db"} (the database), {@code
 *       "schema"}, {@code "table"}, {@code "txId"}, {@code "lsn"}, {@code "xmin"}, {@code
 *       "sequence"} (a JSON text {@code "[lastCommitLsn,lsn]"}); no {@code server_id}, {@code
 *       gtid}, {@code file}, {@code pos}, {@code row}.
 *   <li>Before-images: an update's {@code before} and a delete's full row need {@code ALTER TABLE
 *       .. REPLICA IDENTITY FULL} on the captured table. Without it an update has {@code
 *       before=null} and a delete's {@code before} holds only the key (other columns null or
 *       empty).
 *   <li>{@link #TRANSACTION}: {@code id} is {@code "<txId>:<lsn>"} with each change's <b>own</b>
 *       LSN, so it differs between the changes of one transaction: group by {@link
 *       #POSITION_TX_ID}. {@code total_order} numbers the transaction's changes from 1.
 *   <li>Markers: BEGIN's {@code id} is {@code "<txId>:<first change's LSN>"}, END's {@code
 *       "<txId>:<commit end LSN>"}: match BEGIN, END and changes by the {@code txId} part. {@code
 *       data_collection} is {@code <schema>.<table>}.
 *   <li>Encodings: NUMERIC as above ({@code "1500.00"}); TIMESTAMPTZ an ISO-8601 string in UTC with
 *       six fraction digits ({@code "2024-03-01T10:15:30.250000Z"}); TEXT a string; BIGINT a
 *       number.
 * </ul>
 *
 * <h3>{@link #POSITION} for PostgreSQL</h3>
 *
 * <pre>{@code
 * "position":{"lsn":22113464,"lsn_commit":22113464,"tx_id":761,"total_order":2,"snapshot":false}
 * }</pre>
 *
 * <ul>
 *   <li>{@link #POSITION_LSN} (long): the change's WAL LSN (source offset {@code lsn}); for
 *       snapshot rows the snapshot's LSN.
 *   <li>{@link #POSITION_LSN_COMMIT} (long): the transaction's place in commit order. It is
 *       Debezium's source offset {@code lsn_commit}, which (measured) is the <b>end LSN of the
 *       commit decoded just before</b> the change's transaction, not that transaction's own commit
 *       LSN: the same for every change of one transaction, strictly higher for each later-committed
 *       transaction. Snapshot rows: the snapshot's LSN. The first transaction streamed after a
 *       snapshot has no Debezium value and gets the snapshot's LSN; the first one streamed from a
 *       new slot without snapshot rows in this run gets the LSN of its first change.
 *   <li>{@link #POSITION_TX_ID} (long or null): PostgreSQL's transaction id (source offset {@code
 *       txId}). Transaction ids wrap around after about 4 billion transactions: group by it, never
 *       order by it.
 *   <li>{@link #POSITION_TOTAL_ORDER} (long or null): as above; null for snapshot rows.
 *   <li>{@link #POSITION_SNAPSHOT} (boolean): true for snapshot rows ({@code op=r}).
 *   <li>{@link #POSITION_FILE}, {@link #POSITION_POS}, {@link #POSITION_EVENT}, {@link
 *       #POSITION_ROW}, {@link #POSITION_SERVER_ID}, {@link #POSITION_GTID}: <b>absent</b> (not
 *       null). Their absence tells a PostgreSQL position from a binlog one.
 * </ul>
 *
 * <p>Ordering. Within one PostgreSQL source (one slot), changes are totally ordered by ({@code
 * lsn_commit}, snapshot before streamed, {@code lsn}). Not by {@code lsn} alone: logical decoding
 * emits whole transactions in commit order, and a transaction's change LSNs can be lower than those
 * of a transaction that committed earlier (T1 writes, T2 writes and commits, T1 commits: T2's
 * changes come first with the lower {@code lsn_commit}, although T1's first change has the lowest
 * {@code lsn}). Within one transaction {@code lsn} increases. Duplicates after a replay carry an
 * equal position. Limit: where Debezium has no {@code lsn_commit} (the first transaction streamed
 * from a new slot), the value comes from the source's memory of the current run (snapshot LSN, else
 * that transaction's first change LSN), so after a restart inside that one transaction it can
 * differ from the first delivery, and if that transaction began before the snapshot point it can
 * sort before the snapshot rows. LSNs of different servers (also a promoted replica, which
 * continues the LSN sequence but loses the slot unless it is synchronized) are not comparable.
 */
public final class RawChangeContract {

  /** Envelope field: operation, one of {@code c, u, d, r}. */
  public static final String OP = "op";

  /** Envelope field: row image before the change, or null. */
  public static final String BEFORE = "before";

  /** Envelope field: row image after the change, or null. */
  public static final String AFTER = "after";

  /** Envelope field: Debezium's source block. */
  public static final String SOURCE = "source";

  /** Envelope field: processing time in epoch milliseconds. */
  public static final String TS_MS = "ts_ms";

  /** Envelope field: transaction block, or null for snapshot rows. */
  public static final String TRANSACTION = "transaction";

  /** Field added by the CDC source: the change's binlog (or WAL, for PostgreSQL) position. */
  public static final String POSITION = "position";

  /** Position field (long): server id that wrote the change; 0 for snapshot rows. */
  public static final String POSITION_SERVER_ID = "server_id";

  /** Position field (string or null): the change's GTID. */
  public static final String POSITION_GTID = "gtid";

  /** Position field (string or null): the source offset's GTID set (for snapshot rows: at it). */
  public static final String POSITION_GTIDS = "gtids";

  /** Position field (string): binlog file of the source offset. */
  public static final String POSITION_FILE = "file";

  /** Position field (long): binlog position of the source offset (transaction start). */
  public static final String POSITION_POS = "pos";

  /** Position field (long): events after {@code pos} up to this change; 0 if absent. */
  public static final String POSITION_EVENT = "event";

  /** Position field (int): rows inside that event up to this change; 0 if absent. */
  public static final String POSITION_ROW = "row";

  /** PostgreSQL position field (long): the change's own WAL LSN. */
  public static final String POSITION_LSN = "lsn";

  /** PostgreSQL position field (long): the transaction's commit LSN (snapshot: snapshot LSN). */
  public static final String POSITION_LSN_COMMIT = "lsn_commit";

  /** PostgreSQL position field (long or null): the PostgreSQL transaction id. */
  public static final String POSITION_TX_ID = "tx_id";

  /** Position field (long or null): number of the change within its transaction, from 1. */
  public static final String POSITION_TOTAL_ORDER = "total_order";

  /** Position field (boolean): whether the change is a snapshot row. */
  public static final String POSITION_SNAPSHOT = "snapshot";

  /** Marker field: {@code BEGIN} or {@code END}. */
  public static final String MARKER_STATUS = "status";

  /** Marker field: the transaction id (equals {@code transaction.id} of its changes). */
  public static final String MARKER_ID = "id";

  /** Marker field (END only): number of changes in the transaction. */
  public static final String MARKER_EVENT_COUNT = "event_count";

  /** Marker field (END only): per-table counts, {@code [{data_collection, event_count}]}. */
  public static final String MARKER_DATA_COLLECTIONS = "data_collections";

  private RawChangeContract() {}
}
