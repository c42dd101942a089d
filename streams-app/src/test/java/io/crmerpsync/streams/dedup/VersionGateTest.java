package io.crmerpsync.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.streams.change.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any delivery of a key's changes that keeps the source's order but repeats and rewinds (what
 * Debezium's at-least-once delivery and an operator's replay produce), the version gate applies
 * exactly the in-order sequence, and versions only increase.
 */
class VersionGateTest {

  /** A delivery: the in-order changes, then replays from random earlier points. */
  @Provide
  Arbitrary<List<Integer>> replayPoints() {
    return Arbitraries.integers().between(0, 19).list().ofMaxSize(5);
  }

  @Property
  void shouldApplyExactlyTheInOrderSequenceWhateverIsRepeatedOrRewound(
      @ForAll("replayPoints") List<Integer> rewinds) {
    List<SourcePosition> inOrder = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inOrder.add(new SourcePosition(1, 100 + i * 10L, false, i % 3, 0, null));
    }
    List<SourcePosition> delivered = new ArrayList<>();
    int cursor = 0;
    for (int rewind : rewinds) {
      int until = Math.max(cursor, rewind + 1);
      delivered.addAll(inOrder.subList(cursor, until));
      delivered.addAll(inOrder.subList(Math.min(rewind, until), until));
      cursor = until;
    }
    delivered.addAll(inOrder.subList(cursor, inOrder.size()));

    KeyState state = null;
    List<SourcePosition> applied = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    for (SourcePosition position : delivered) {
      if (VersionGate.judge(state, position) instanceof VersionGate.Apply apply) {
        state = apply.next();
        applied.add(position);
        versions.add(state.version());
      }
    }

    assertThat(applied).isEqualTo(inOrder);
    assertThat(versions).isSorted().doesNotHaveDuplicates();
  }

  @org.junit.jupiter.api.Test
  void shouldApplyASnapshotRowReadAgainAtTheAppliedPositionButNotAStreamedRepeat() {
    SourcePosition snapshot = new SourcePosition(1, 100, true, 0, 0, "0-1-7");
    SourcePosition streamed = new SourcePosition(1, 100, false, 1, 0, "0-1-8");

    VersionGate.Verdict first = VersionGate.judge(null, snapshot);
    KeyState afterFirst = ((VersionGate.Apply) first).next();
    // Nothing logged since: the re-read carries the same position, and shows the row as it is now.
    VersionGate.Verdict reread = VersionGate.judge(afterFirst, snapshot);
    assertThat(reread).isInstanceOf(VersionGate.Apply.class);
    assertThat(((VersionGate.Apply) reread).next().version()).isEqualTo(2);

    KeyState afterStreamed = ((VersionGate.Apply) VersionGate.judge(afterFirst, streamed)).next();
    assertThat(VersionGate.judge(afterStreamed, streamed))
        .isEqualTo(new VersionGate.Drop("duplicate"));
    // An older snapshot row after a streamed change stays stale.
    assertThat(VersionGate.judge(afterStreamed, snapshot)).isEqualTo(new VersionGate.Drop("stale"));
  }

  @Property
  void shouldSurviveTheStoreSerde(@ForAll long version) {
    KeyState state =
        new KeyState(new SourcePosition(3, 42, false, 1, 2, "0-1-9"), Math.abs(version));
    var serde = KeyState.serde();
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state)))
        .isEqualTo(state);
  }

  @org.junit.jupiter.api.Test
  void shouldKeepATagThatHoldsTheSeparatorThroughTheStoreSerde() {
    KeyState state =
        new KeyState(new SourcePosition(3, 42, true, 0, 0, "0-1-9,0-2-11"), 7, "a|b@x");

    byte[] bytes = KeyState.serde().serializer().serialize("t", state);

    assertThat(KeyState.serde().deserializer().deserialize("t", bytes)).isEqualTo(state);
    KeyState untagged = new KeyState(state.position(), 7);
    assertThat(
            KeyState.serde()
                .deserializer()
                .deserialize("t", KeyState.serde().serializer().serialize("t", untagged)))
        .isEqualTo(untagged);
  }
}
