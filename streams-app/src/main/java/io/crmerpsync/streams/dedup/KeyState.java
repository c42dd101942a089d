package io.crmerpsync.streams.dedup;

import io.crmerpsync.streams.change.SourcePosition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the version gate remembers per key: the highest source position applied and the version
 * given to it. One entry per key, so the store is bounded by the number of keys, not of events.
 */
public record KeyState(SourcePosition position, long version) {

  /** Store serde; the printed form keeps the changelog readable for an operator. */
  public static Serde<KeyState> serde() {
    return Serdes.serdeFrom(
        (topic, state) ->
            state == null
                ? null
                : (state.version + "|" + state.position.format()).getBytes(StandardCharsets.UTF_8),
        (topic, bytes) -> bytes == null ? null : parse(new String(bytes, StandardCharsets.UTF_8)));
  }

  static KeyState parse(String text) {
    int bar = text.indexOf('|');
    if (bar < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a key state (version|position)");
    }
    return new KeyState(
        SourcePosition.parse(text.substring(bar + 1)), Long.parseLong(text.substring(0, bar)));
  }
}
