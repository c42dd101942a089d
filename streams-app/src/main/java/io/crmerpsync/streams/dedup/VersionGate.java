package io.crmerpsync.streams.dedup;

import io.crmerpsync.streams.change.SourcePosition;

/**
 * The one rule for ordering and deduplication: a change applies only when its source position is
 * higher than the highest already applied for its key. A repeat (same position) is a duplicate, a
 * lower one is stale (a rewind after a restart or re-snapshot); both are dropped. One exception: a
 * snapshot row at the very position applied is a later read of the row (a re-read that reconcile
 * asked for, with nothing logged on the server since the last read): it shows the row as it is now
 * and is applied; read again unchanged, it changes nothing downstream. Each applied change gets the
 * next version of its key, so command versions only increase.
 */
public final class VersionGate {
  private VersionGate() {}

  /** The outcome for one change. */
  public sealed interface Verdict permits Apply, Drop {}

  /** Apply the change; it becomes {@code next}. */
  public record Apply(KeyState next) implements Verdict {}

  /** Drop the change; {@code reason} is {@code duplicate} or {@code stale}. */
  public record Drop(String reason) implements Verdict {}

  /** Judges {@code incoming} against what was applied for the key ({@code null}: nothing yet). */
  public static Verdict judge(KeyState applied, SourcePosition incoming) {
    if (applied == null) {
      return new Apply(new KeyState(incoming, 1));
    }
    int order = incoming.compareTo(applied.position());
    if (order == 0 && !incoming.snapshot()) {
      return new Drop("duplicate");
    }
    if (order < 0) {
      return new Drop("stale");
    }
    return new Apply(new KeyState(incoming, applied.version() + 1));
  }
}
