package io.crmerpsync.streams.change;

import java.util.Comparator;
import java.util.Objects;

/**
 * The position of one change in its source's binlog: a value that totally orders the changes of one
 * source server, so that per key "newer" is a plain comparison.
 *
 * <p>It is built from the Connect source offset of the record ({@code file, pos, event, row}), not
 * from the source block's {@code file, pos, row}, which measured not unique (see FINDINGS): {@code
 * pos} is the start of the transaction, {@code event} counts events inside it and {@code row} rows
 * inside an event. Snapshot rows carry the binlog position at which the snapshot was taken and sort
 * before every streamed change at or after that position, because the snapshot shows the state just
 * before it.
 *
 * <p>Limits: positions of different servers are not comparable (a failover needs the GTID, which is
 * carried here for that work but not used in the order yet); binlog files are compared by their
 * numeric suffix.
 */
public record SourcePosition(
    long fileIndex, long pos, boolean snapshot, long event, int row, String gtid)
    implements Comparable<SourcePosition> {

  private static final Comparator<SourcePosition> ORDER =
      Comparator.comparingLong(SourcePosition::fileIndex)
          .thenComparingLong(SourcePosition::pos)
          .thenComparing(p -> !p.snapshot())
          .thenComparingLong(SourcePosition::event)
          .thenComparingInt(SourcePosition::row);

  public SourcePosition {
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

  @Override
  public int compareTo(SourcePosition other) {
    return ORDER.compare(this, other);
  }

  /**
   * The printed form, parsed back by {@link #parse}: {@code file/pos/phase/event/row[/gtid]} with
   * phase {@code s} (snapshot) or {@code b} (binlog), e.g. {@code 3/1234/b/2/0/0-1-25}.
   */
  public String format() {
    String base = fileIndex + "/" + pos + "/" + (snapshot ? "s" : "b") + "/" + event + "/" + row;
    return gtid == null ? base : base + "/" + gtid;
  }

  /** Parses the form written by {@link #format}. */
  public static SourcePosition parse(String text) {
    String[] parts = text.split("/", 6);
    if (parts.length < 5 || !(parts[2].equals("s") || parts[2].equals("b"))) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a source position (file/pos/s|b/event/row[/gtid])");
    }
    try {
      return new SourcePosition(
          Long.parseLong(parts[0]),
          Long.parseLong(parts[1]),
          parts[2].equals("s"),
          Long.parseLong(parts[3]),
          Integer.parseInt(parts[4]),
          parts.length == 6 ? parts[5] : null);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a source position: " + e, e);
    }
  }

  @Override
  public String toString() {
    return format();
  }
}
