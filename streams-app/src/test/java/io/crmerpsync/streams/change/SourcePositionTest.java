package io.crmerpsync.streams.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void shouldBeTransitive(
      @ForAll("positions") SourcePosition a,
      @ForAll("positions") SourcePosition b,
      @ForAll("positions") SourcePosition c) {
    if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
      assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
    }
  }

  @Property
  void shouldSurviveItsPrintedForm(@ForAll("positions") SourcePosition a) {
    SourcePosition parsed = SourcePosition.parse(a.format());
    assertThat(parsed).isEqualTo(a);
    assertThat(parsed.compareTo(a)).isZero();
  }

  @Property
  void shouldPlaceASnapshotRowBeforeEveryStreamedChangeAtItsPosition(
      @ForAll("positions") SourcePosition streamed) {
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
