package io.crmerpsync.streams.conflict;

import java.time.Duration;
import java.util.Objects;

/** How one field of an entity settles changes from several sources. */
public sealed interface Policy {

  /** Only {@code source} may change the field (data sovereignty); others are rejected. */
  record Owner(String source) implements Policy {
    public Owner {
      Objects.requireNonNull(source, "owner");
    }
  }

  /** The change with the later commit time wins; equal times go to the better-ranked source. */
  record NewestWins() implements Policy {}

  /** The better-ranked source wins; a source never loses to itself. */
  record Priority() implements Policy {}

  /**
   * Changes from two sources within {@code window} of each other are a true concurrent edit: the
   * field goes back to its last agreed value and the conflict waits for an operator.
   */
  record Review(Duration window) implements Policy {
    public Review {
      if (window.isNegative()) {
        throw new IllegalArgumentException("review window must not be negative");
      }
    }
  }
}
