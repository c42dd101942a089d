package io.crmerpsync.streams.change;

import java.util.Comparator;
import java.util.Objects;

/**
 * The position of one change in its source's binlog: a value that totally orders the changes of one
 * source, also across a failover to a replica, so that per key "newer" is a plain comparison.
 *
 * <p>Two orders, one for each thing that can be compared:
 *
 * <ul>
 *   <li><b>By GTID</b>, when both positions carry a MariaDB GTID of the same replication domain
 *       ({@code domain-server-seq}): the sequence number, then the phase, then {@code event} and
 *       {@code row} inside the transaction. A streamed change carries its transaction's GTID; a
 *       snapshot row carries the GTID set at which the snapshot was read (the last transaction it
 *       shows). At an equal sequence number a streamed change comes <i>before</i> the snapshot row,
 *       because the snapshot already shows that transaction. GTIDs survive a failover: a replica
 *       writes the primary's transactions under the same GTIDs (with {@code log_slave_updates}),
 *       and a promoted replica continues the domain's sequence.
 *   <li><b>By binlog offset</b> otherwise: the Connect source offset {@code file, pos, event, row}
 *       (the source block's {@code file, pos, row} measured not unique, decision 1). {@code pos} is
 *       the start of the transaction, {@code event} counts events inside it and {@code row} rows
 *       inside an event. Snapshot rows carry the binlog position at which the snapshot was taken
 *       and sort before every streamed change at or after that position.
 * </ul>
 *
 * <p>Both orders agree on one server's binlog, where sequence numbers grow with the offset. They
 * differ only across servers, where offsets mean nothing: there only the GTID order is right, and a
 * position without a GTID (a snapshot row captured before snapshot GTIDs were recorded, a MySQL
 * {@code uuid:seq} GTID, a GTID set of several domains) falls back to the offset order, which is
 * right on one server only. Binlog files are compared by their numeric suffix.
 *
 * @param gtid a streamed change's GTID, or for a snapshot row the GTID set of the snapshot; null
 *     when unknown
 * @param gtidDomain the replication domain of {@code gtid} when it is one MariaDB GTID, else -1
 * @param gtidSeq the sequence number of {@code gtid} when it is one MariaDB GTID, else -1
 */
public record SourcePosition(
    long fileIndex,
    long pos,
    boolean snapshot,
    long event,
    int row,
    String gtid,
    long gtidDomain,
    long gtidSeq)
    implements Comparable<SourcePosition> {

  private static final Comparator<SourcePosition> BY_OFFSET =
      Comparator.comparingLong(SourcePosition::fileIndex)
          .thenComparingLong(SourcePosition::pos)
          .thenComparing(p -> !p.snapshot())
          .thenComparingLong(SourcePosition::event)
          .thenComparingInt(SourcePosition::row);

  private static final Comparator<SourcePosition> BY_GTID =
      Comparator.comparingLong(SourcePosition::gtidSeq)
          .thenComparing(SourcePosition::snapshot)
          .thenComparingLong(SourcePosition::event)
          .thenComparingInt(SourcePosition::row);

  /** A position whose GTID domain and sequence number are read from {@code gtid}. */
  public SourcePosition(
      long fileIndex, long pos, boolean snapshot, long event, int row, String gtid) {
    this(fileIndex, pos, snapshot, event, row, gtid, gtidPart(gtid, 0), gtidPart(gtid, 2));
  }

  public SourcePosition {
    if (gtidSeq != gtidPart(gtid, 2) || gtidDomain != gtidPart(gtid, 0)) {
      throw new IllegalArgumentException(
          "GTID domain "
              + gtidDomain
              + " and sequence "
              + gtidSeq
              + " do not match '"
              + gtid
              + "'");
    }
    if (fileIndex < 0 || pos < 0 || event < 0 || row < 0) {
      throw new IllegalArgumentException(
          "source position parts must not be negative: file="
              + fileIndex
              + " pos="
              + pos
              + " event="
              + event
              + " row="
              + row);
    }
  }

  /** A position from a binlog file name such as {@code mysql-bin.000003}. */
  public static SourcePosition of(
      String binlogFile, long pos, boolean snapshot, long event, int row, String gtid) {
    return new SourcePosition(fileIndexOf(binlogFile), pos, snapshot, event, row, gtid);
  }

  /** The numeric suffix of a binlog file name: {@code mysql-bin.000003} gives 3. */
  public static long fileIndexOf(String binlogFile) {
    Objects.requireNonNull(binlogFile, "binlog file");
    int dot = binlogFile.lastIndexOf('.');
    String suffix = dot < 0 ? "" : binlogFile.substring(dot + 1);
    if (suffix.isEmpty() || !suffix.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "binlog file name '" + binlogFile + "' has no numeric suffix such as .000003");
    }
    return Long.parseLong(suffix);
  }

  /** True when this position comes strictly after {@code other}. */
  public boolean isAfter(SourcePosition other) {
    return compareTo(other) > 0;
  }

  /** Whether this position and {@code other} are ordered by their GTIDs (same domain). */
  public boolean comparableByGtid(SourcePosition other) {
    return gtidSeq >= 0 && other.gtidSeq >= 0 && gtidDomain == other.gtidDomain;
  }

  @Override
  public int compareTo(SourcePosition other) {
    return comparableByGtid(other) ? BY_GTID.compare(this, other) : BY_OFFSET.compare(this, other);
  }

  /**
   * Part {@code index} (0 domain, 2 sequence number) of a MariaDB GTID {@code domain-server-seq},
   * or of a GTID set of one domain ({@code 0-1-100,0-2-105}: the last transaction of each server
   * that wrote in the domain, as MariaDB lists it after a failover; its sequence number is the
   * highest), or -1 when {@code gtid} is neither (null, a MySQL {@code uuid:seq}, a set of several
   * domains).
   */
  static long gtidPart(String gtid, int index) {
    if (gtid == null || gtid.isEmpty()) {
      return -1;
    }
    long domain = -1;
    long seq = -1;
    int from = 0;
    while (from <= gtid.length()) {
      int comma = gtid.indexOf(',', from);
      int to = comma < 0 ? gtid.length() : comma;
      long entryDomain = entryPart(gtid, from, to, 0);
      long entrySeq = entryPart(gtid, from, to, 2);
      if (entryDomain < 0 || entrySeq < 0 || (domain >= 0 && domain != entryDomain)) {
        return -1;
      }
      domain = entryDomain;
      seq = Math.max(seq, entrySeq);
      if (comma < 0) {
        break;
      }
      from = comma + 1;
    }
    return index == 0 ? domain : seq;
  }

  /** Part {@code index} of the one GTID {@code domain-server-seq} in {@code gtid[from, to)}. */
  private static long entryPart(String gtid, int from, int to, int index) {
    int first = gtid.indexOf('-', from);
    int second = first < 0 || first >= to ? -1 : gtid.indexOf('-', first + 1);
    if (first <= from || first >= to || second <= first + 1 || second >= to - 1) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      char c = gtid.charAt(i);
      if (c != '-' && (c < '0' || c > '9')) {
        return -1;
      }
    }
    int start = index == 0 ? from : second + 1;
    int end = index == 0 ? first : to;
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = gtid.charAt(i);
      if (c < '0' || c > '9' || value > (Long.MAX_VALUE - 9) / 10) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * The printed form, parsed back by {@link #parse}: {@code file/pos/phase/event/row[/gtid]} with
   * phase {@code s} (snapshot) or {@code b} (binlog), e.g. {@code 3/1234/b/2/0/0-1-25}.
   */
  public String format() {
    String base = fileIndex + "/" + pos + "/" + (snapshot ? "s" : "b") + "/" + event + "/" + row;
    return gtid == null ? base : base + "/" + gtid;
  }

  /**
   * Parses the form written by {@link #format}. It runs for every comparison of stored positions,
   * so it scans the text once instead of splitting it.
   */
  public static SourcePosition parse(String text) {
    int[] ends = new int[5];
    int from = 0;
    for (int part = 0; part < 5; part++) {
      int slash = text.indexOf('/', from);
      ends[part] = part == 4 && slash < 0 ? text.length() : slash;
      if (ends[part] < 0) {
        throw notAPosition(text, null);
      }
      from = ends[part] + 1;
    }
    int phaseStart = ends[1] + 1;
    char phase = ends[2] - phaseStart == 1 ? text.charAt(phaseStart) : '?';
    if (phase != 's' && phase != 'b') {
      throw notAPosition(text, null);
    }
    try {
      return new SourcePosition(
          Long.parseLong(text, 0, ends[0], 10),
          Long.parseLong(text, ends[0] + 1, ends[1], 10),
          phase == 's',
          Long.parseLong(text, ends[2] + 1, ends[3], 10),
          Integer.parseInt(text, ends[3] + 1, ends[4], 10),
          ends[4] < text.length() ? text.substring(ends[4] + 1) : null);
    } catch (NumberFormatException e) {
      throw notAPosition(text, e);
    }
  }

  private static IllegalArgumentException notAPosition(String text, NumberFormatException cause) {
    return cause == null
        ? new IllegalArgumentException(
            "'" + text + "' is not a source position (file/pos/s|b/event/row[/gtid])")
        : new IllegalArgumentException("'" + text + "' is not a source position: " + cause, cause);
  }

  @Override
  public String toString() {
    return format();
  }
}
