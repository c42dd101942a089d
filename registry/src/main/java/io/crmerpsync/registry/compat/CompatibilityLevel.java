package io.crmerpsync.registry.compat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The compatibility levels of the Confluent Schema Registry: which earlier versions a new schema is
 * checked against, and in which direction.
 *
 * <p>BACKWARD: the new schema can read data written with the old one (consumers upgrade first).
 * FORWARD: the old schema can read data written with the new one (producers upgrade first). FULL:
 * both. The transitive forms check against every live version instead of only the latest.
 */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  private final boolean newReadsOld;
  private final boolean oldReadsNew;
  private final boolean transitive;

  CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
    this.newReadsOld = newReadsOld;
    this.oldReadsNew = oldReadsNew;
    this.transitive = transitive;
  }

  /** True when the new schema, as reader, must read data written with earlier versions. */
  public boolean newMustReadOld() {
    return newReadsOld;
  }

  /** True when earlier versions, as readers, must read data written with the new schema. */
  public boolean oldMustReadNew() {
    return oldReadsNew;
  }

  /** True when every live version is checked, not only the latest. */
  public boolean isTransitive() {
    return transitive;
  }

  /** Parses a level name, ignoring case; empty for anything else. */
  public static Optional<CompatibilityLevel> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String wanted = name.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(level -> level.name().equals(wanted)).findFirst();
  }

  /** The allowed names, for error messages and config validation. */
  public static String allowedNames() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
