package io.crmerpsync.streams.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Order laws of {@link SourcePosition}: a total order that its printed form preserves. */
class SourcePositionTest {

  @Provide
  Arbitrary<SourcePosition> positions() {
    return Combinators.combine(
            Arbitraries.longs().between(1, 4),
            Arbitraries.longs().between(4, 8),
            Arbitraries.of(true, false),
            Arbitraries.longs().between(0, 3),
            Arbitraries.integers().between(0, 2),
            Arbitraries.of("0-1-5", "0-1-6").injectNull(0.3))
        .as(SourcePosition::new);
  }

  @Property
  void shouldBeAntisymmetric(
      @ForAll("positions") SourcePosition a, @ForAll("positions") SourcePosition b) {
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
  }

  @Property
  void shouldBeTransitiveOnOneServer(
      @ForAll("positions") SourcePosition a,
      @ForAll("positions") SourcePosition b,
      @ForAll("positions") SourcePosition c) {
    // Arbitrary positions mix GTIDs with offsets that disagree with them, which no server writes;
    // without GTIDs every position is one server's offset.
    SourcePosition x = withoutGtid(a);
    SourcePosition y = withoutGtid(b);
    SourcePosition z = withoutGtid(c);
    if (x.compareTo(y) <= 0 && y.compareTo(z) <= 0) {
      assertThat(x.compareTo(z)).isLessThanOrEqualTo(0);
    }
  }

  private static SourcePosition withoutGtid(SourcePosition p) {
    return new SourcePosition(p.fileIndex(), p.pos(), p.snapshot(), p.event(), p.row(), null);
  }

  // ---- histories: what servers really write, before and after a failover ----

  /**
   * One change of a history: transaction {@code seq} of domain 0 (0 for a snapshot taken before any
   * transaction), its event number inside it, whether it is a snapshot taken after {@code seq}, on
   * which server it was read, and whether its position carries the GTID.
   */
  record Step(long seq, int event, boolean snapshot, boolean onReplica, boolean withGtid) {

    /** Where this change is in the history: the order every position must reproduce. */
    long rank() {
      return seq * 100 + (snapshot ? 99 : event);
    }

    /**
     * Its position as the server wrote it. Offsets of the two servers share nothing: the primary's
     * binlog is far ahead (file 7), the replica's restarted (file 1), and each transaction starts
     * at a server-specific pos. The primary read transactions 1..20, the replica all.
     */
    SourcePosition position() {
      long file = onReplica ? 1 : 7;
      long pos = onReplica ? 4 + seq * 50 : 1000 + seq * 300;
      String gtid =
          !withGtid
              ? null
              : snapshot
                  ? (seq == 0 ? null : "0-1-" + seq)
                  : "0-" + (onReplica && seq > 20 ? 2 : 1) + "-" + seq;
      // A snapshot after transaction seq reads at the start of transaction seq + 1.
      return snapshot
          ? new SourcePosition(file, pos + (onReplica ? 50 : 300), true, 0, 0, gtid)
          : new SourcePosition(file, pos, false, event, 0, gtid);
    }
  }

  @Provide
  Arbitrary<Step> failoverSteps() {
    // Seq from 1: a real server has written transactions (the schema's DDL at least) before any
    // snapshot, so a snapshot's GTID set is never empty.
    return Combinators.combine(
            Arbitraries.longs().between(1, 40),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(
            (seq, event, snapshot, onReplica) ->
                new Step(
                    !snapshot && seq == 0 ? 1 : seq, event, snapshot, onReplica || seq > 20, true));
  }

  @Provide
  Arbitrary<Step> oneServerSteps() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 40),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(
            (seq, event, snapshot, withGtid) ->
                new Step(!snapshot && seq == 0 ? 1 : seq, event, snapshot, false, withGtid));
  }

  @Property
  void shouldOrderChangesAcrossAFailoverAsTheirHistory(
      @ForAll("failoverSteps") Step a, @ForAll("failoverSteps") Step b) {
    assertThat(Integer.signum(a.position().compareTo(b.position())))
        .as("%s vs %s", a.position(), b.position())
        .isEqualTo(Long.signum(Long.compare(a.rank(), b.rank())));
  }

  @Property
  void shouldOrderOneServersChangesAsTheirHistoryWithOrWithoutGtids(
      @ForAll("oneServerSteps") Step a, @ForAll("oneServerSteps") Step b) {
    assertThat(Integer.signum(a.position().compareTo(b.position())))
        .as("%s vs %s", a.position(), b.position())
        .isEqualTo(Long.signum(Long.compare(a.rank(), b.rank())));
  }

  @Property
  void shouldBeTransitiveAcrossAFailover(
      @ForAll("failoverSteps") Step a,
      @ForAll("failoverSteps") Step b,
      @ForAll("failoverSteps") Step c) {
    SourcePosition x = a.position();
    SourcePosition y = b.position();
    SourcePosition z = c.position();
    if (x.compareTo(y) <= 0 && y.compareTo(z) <= 0) {
      assertThat(x.compareTo(z)).isLessThanOrEqualTo(0);
    }
  }

  @Example
  void shouldPutAChangeOnThePromotedReplicaAfterThePrimarysChangesThoughItsOffsetIsLower() {
    SourcePosition onPrimary = SourcePosition.of("mysql-bin.000007", 91_000, false, 2, 0, "0-1-40");
    SourcePosition onReplica = SourcePosition.of("mysql-bin.000001", 2_100, false, 1, 0, "0-2-41");
    assertThat(onReplica.isAfter(onPrimary)).isTrue();
    assertThat(onPrimary.isAfter(onReplica)).isFalse();
  }

  @Example
  void shouldPutASnapshotAfterTheTransactionsItShowsAndBeforeTheNext() {
    SourcePosition snapshot = SourcePosition.of("mysql-bin.000001", 500, true, 0, 0, "0-1-24");
    assertThat(snapshot.isAfter(SourcePosition.of("mysql-bin.000001", 400, false, 3, 0, "0-1-24")))
        .isTrue();
    assertThat(SourcePosition.of("mysql-bin.000001", 500, false, 1, 0, "0-1-25").isAfter(snapshot))
        .isTrue();
  }

  @Example
  void shouldReadTheDomainAndSequenceOfOneMariaDbGtidOnly() {
    assertThat(SourcePosition.gtidPart("3-17-2048", 0)).isEqualTo(3);
    assertThat(SourcePosition.gtidPart("3-17-2048", 2)).isEqualTo(2048);
    assertThat(SourcePosition.gtidPart("0-1-24,1-2-7", 2)).isEqualTo(-1);
    // One domain written by two servers (after a failover): the highest sequence number.
    assertThat(SourcePosition.gtidPart("0-1-100,0-2-105", 2)).isEqualTo(105);
    assertThat(SourcePosition.gtidPart("0-1-100,0-2-105", 0)).isEqualTo(0);
    assertThat(SourcePosition.gtidPart("0-1-100,", 2)).isEqualTo(-1);
    assertThat(SourcePosition.gtidPart("0-1-", 2)).isEqualTo(-1);
    assertThat(SourcePosition.gtidPart("-1-5", 2)).isEqualTo(-1);
    assertThat(SourcePosition.gtidPart("3E11FA47-71CA-11E1-9E33-C80AA9429562:23", 2)).isEqualTo(-1);
    assertThat(SourcePosition.gtidPart("742", 2)).isEqualTo(-1);
    assertThat(SourcePosition.gtidPart(null, 2)).isEqualTo(-1);
  }

  @Example
  void shouldFallBackToTheOffsetForGtidsOfDifferentDomains() {
    SourcePosition a = SourcePosition.of("mysql-bin.000002", 10, false, 1, 0, "1-1-900");
    SourcePosition b = SourcePosition.of("mysql-bin.000002", 20, false, 1, 0, "0-1-5");
    assertThat(a.comparableByGtid(b)).isFalse();
    assertThat(b.isAfter(a)).isTrue();
  }

  @Property
  void shouldSurviveItsPrintedForm(@ForAll("positions") SourcePosition a) {
    SourcePosition parsed = SourcePosition.parse(a.format());
    assertThat(parsed).isEqualTo(a);
    assertThat(parsed.compareTo(a)).isZero();
  }

  @Example
  void shouldRejectAMalformedPrintedFormNamingIt() {
    for (String text :
        List.of(
            "",
            "3/1234/b/2",
            "3/1234/x/2/0",
            "3/1234/bb/2/0",
            "3//b/2/0",
            "3/1234/b/2/z",
            "a/1/s/0/0")) {
      assertThatThrownBy(() -> SourcePosition.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + text + "' is not a source position");
    }
  }

  @Example
  void shouldReadAPrintedFormWithAndWithoutItsGtid() {
    assertThat(SourcePosition.parse("3/1234/b/2/7/0-1-25"))
        .isEqualTo(new SourcePosition(3, 1234, false, 2, 7, "0-1-25"));
    assertThat(SourcePosition.parse("3/1234/s/0/0"))
        .isEqualTo(new SourcePosition(3, 1234, true, 0, 0, null));
    assertThat(SourcePosition.parse("3/1234/b/2/7/0-1-100,0-2-105").gtidSeq()).isEqualTo(105);
  }

  @Property
  void shouldPlaceASnapshotRowBeforeEveryStreamedChangeAtItsPosition(
      @ForAll("positions") SourcePosition any) {
    SourcePosition streamed = withoutGtid(any);
    SourcePosition snapshot =
        new SourcePosition(streamed.fileIndex(), streamed.pos(), true, 0, 0, null);
    if (!streamed.snapshot()) {
      assertThat(streamed.isAfter(snapshot)).isTrue();
    }
  }

  @Example
  void shouldOrderBinlogFilesByTheirNumberNotTheirName() {
    SourcePosition older = SourcePosition.of("mysql-bin.000009", 900, false, 0, 0, null);
    SourcePosition newer = SourcePosition.of("mysql-bin.000010", 4, false, 0, 0, null);
    assertThat(newer.isAfter(older)).isTrue();
  }

  @Example
  void shouldRejectAFileNameWithoutANumberNamingIt() {
    assertThatThrownBy(() -> SourcePosition.fileIndexOf("binlog"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'binlog'");
  }
}
