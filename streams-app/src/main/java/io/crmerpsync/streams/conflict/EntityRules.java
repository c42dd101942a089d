package io.crmerpsync.streams.conflict;

import java.util.List;
import java.util.Map;

/**
 * The policies of one entity: a policy per field (or the default), and the ranking of the sources,
 * best first, used by priority and to break newest-wins ties.
 */
public record EntityRules(
    String entity, Map<String, Policy> fields, Policy defaultPolicy, List<String> ranking) {

  public EntityRules {
    fields = Map.copyOf(fields);
    ranking = List.copyOf(ranking);
    if (ranking.isEmpty()) {
      throw new IllegalArgumentException("entity " + entity + " needs at least one source");
    }
  }

  /** The policy of {@code field}. */
  public Policy policyOf(String field) {
    return fields.getOrDefault(field, defaultPolicy);
  }

  /** The rank of {@code source}, 0 being the most trusted. */
  public int rank(String source) {
    int rank = ranking.indexOf(source);
    if (rank < 0) {
      throw new IllegalArgumentException(
          "source '" + source + "' is not one of " + ranking + " for entity " + entity);
    }
    return rank;
  }

  /**
   * The rank of the source holding a field, which may be no source (an operator's resolution, or no
   * agreed value): those rank below every source, so any source may replace them.
   */
  public int holderRank(String source) {
    int rank = ranking.indexOf(source);
    return rank < 0 ? ranking.size() : rank;
  }

  /**
   * These rules with every {@code owner: from} read as {@code owner: to}, and {@code to} ranked
   * where {@code from} is when the ranking does not list it.
   */
  public EntityRules withOwnerRenamed(String from, String to) {
    Map<String, Policy> renamed = new java.util.HashMap<>();
    fields.forEach((field, policy) -> renamed.put(field, renamed(policy, from, to)));
    List<String> ranks = ranking;
    if (!ranking.contains(to) && ranking.contains(from)) {
      ranks = new java.util.ArrayList<>(ranking);
      ranks.set(ranking.indexOf(from), to);
    }
    return new EntityRules(entity, renamed, renamed(defaultPolicy, from, to), ranks);
  }

  private static Policy renamed(Policy policy, String from, String to) {
    return policy instanceof Policy.Owner owner && owner.source().equals(from)
        ? new Policy.Owner(to)
        : policy;
  }
}
