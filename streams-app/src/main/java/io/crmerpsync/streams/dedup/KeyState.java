package io.crmerpsync.streams.dedup;

import io.crmerpsync.streams.change.SourcePosition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the version gate remembers per key: the highest source position applied and the version
 * given to it, and optionally a tag of the row as last applied (a customer row's business key). One
 * entry per key, so the store is bounded by the number of keys, not of events.
 *
 * @param tag null when the gate keeps none
 */
public record KeyState(SourcePosition position, long version, String tag) {

  public KeyState(SourcePosition position, long version) {
    this(position, version, null);
  }

  /** This state with {@code tag}. */
  public KeyState withTag(String tag) {
    return new KeyState(position, version, tag);
  }

  /** Store serde; the printed form keeps the changelog readable for an operator. */
  public static Serde<KeyState> serde() {
    return Serdes.serdeFrom(
        (topic, state) ->
            state == null
                ? null
                : (state.version
                        + "|"
                        + state.position.format()
                        + (state.tag == null ? "" : "|" + state.tag))
                    .getBytes(StandardCharsets.UTF_8),
        (topic, bytes) -> bytes == null ? null : parse(new String(bytes, StandardCharsets.UTF_8)));
  }

  static KeyState parse(String text) {
    int bar = text.indexOf('|');
    if (bar < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a key state (version|position)");
    }
    // version|position[|tag]: the position's printed form has no '|', a tag may.
    int second = text.indexOf('|', bar + 1);
    String position = second < 0 ? text.substring(bar + 1) : text.substring(bar + 1, second);
    return new KeyState(
        SourcePosition.parse(position),
        Long.parseLong(text.substring(0, bar)),
        second < 0 ? null : text.substring(second + 1));
  }
}
