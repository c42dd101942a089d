package io.crmerpsync.registry.compat;

import java.util.List;

/**
 * The outcome of a compatibility check: compatible or not, and for each broken rule a message that
 * says which version, which direction and what broke (field, type, symbol, with its location).
 */
public record CompatibilityResult(boolean isCompatible, List<String> messages) {

  public CompatibilityResult {
    messages = List.copyOf(messages);
  }

  static CompatibilityResult compatible() {
    return new CompatibilityResult(true, List.of());
  }
}
