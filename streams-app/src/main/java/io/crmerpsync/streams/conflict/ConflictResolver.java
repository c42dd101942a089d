package io.crmerpsync.streams.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Settles a source's changed fields against an entity's golden record, field by field, by the
 * field's policy. Pure: the same golden record and change always give the same result, and owner,
 * newest-wins and priority give the same golden record for any interleaving of the sources' changes
 * that keeps each source's own order (property-tested).
 */
public final class ConflictResolver {
  private ConflictResolver() {}

  /** The golden record after the change, and one decision per changed field. */
  public record Resolution(Map<String, FieldValue> golden, List<Decision> decisions) {
    public Resolution {
      golden = FrozenMaps.of(golden);
      decisions = List.copyOf(decisions);
    }
  }

  /**
   * Applies the fields {@code source} changed (committed at {@code commitTimeMs}) to {@code
   * golden}.
   */
  public static Resolution resolve(
      EntityRules rules,
      Map<String, FieldValue> golden,
      String source,
      long commitTimeMs,
      Map<String, JsonNode> changed) {
    rules.rank(source);
    TreeMap<String, FieldValue> next = new TreeMap<>(golden);
    List<Decision> decisions = new ArrayList<>();
    (changed instanceof SortedMap<String, JsonNode> sorted && sorted.comparator() == null
            ? changed
            : new TreeMap<>(changed))
        .forEach(
            (field, value) -> {
              FieldValue current = golden.get(field);
              FieldValue candidate =
                  new FieldValue(
                      value,
                      source,
                      commitTimeMs,
                      current == null ? null : current.withoutHistory());
              Decision decision = decide(rules, field, current, candidate);
              decisions.add(decision);
              if (decision.verdict() == Verdict.ACCEPTED
                  || decision.verdict() == Verdict.CONFLICT) {
                next.put(field, decision.holding());
              }
            });
    return new Resolution(FrozenMaps.handOver(next), decisions);
  }

  private static Decision decide(
      EntityRules rules, String field, FieldValue current, FieldValue candidate) {
    Policy policy = rules.policyOf(field);
    if (policy instanceof Policy.Owner owner) {
      if (owner.source().equals(candidate.source())) {
        return accepted(field, "owner: " + owner.source() + " owns " + field, candidate, current);
      }
      if (current == null || !current.source().equals(owner.source())) {
        // The owner has not set the field yet: the other side's value is a provisional initial
        // value (a new CRM customer needs a credit limit before the ERP knows the customer).
        return accepted(
            field,
            "owner: " + owner.source() + " has not set " + field + " yet; provisional value",
            candidate,
            current);
      }
      return new Decision(
          field,
          Verdict.REJECTED_NOT_OWNER,
          "owner: " + owner.source() + " owns " + field + ", not " + candidate.source(),
          current,
          candidate,
          null);
    }
    if (current == null || current.source().equals(candidate.source())) {
      return accepted(field, "first or same-source change", candidate, current);
    }
    if (policy instanceof Policy.NewestWins) {
      boolean later =
          candidate.commitTimeMs() > current.commitTimeMs()
              || (candidate.commitTimeMs() == current.commitTimeMs()
                  && rules.rank(candidate.source()) < rules.holderRank(current.source()));
      String rule =
          "newest-wins: "
              + candidate.source()
              + "@"
              + candidate.commitTimeMs()
              + " vs "
              + current.source()
              + "@"
              + current.commitTimeMs();
      return later
          ? accepted(field, rule, candidate, current)
          : new Decision(field, Verdict.LOST_OLDER, rule, current, candidate, null);
    }
    if (policy instanceof Policy.Priority) {
      String rule = "priority: " + rules.ranking();
      return rules.rank(candidate.source()) < rules.holderRank(current.source())
          ? accepted(field, rule, candidate, current)
          : new Decision(field, Verdict.LOST_PRIORITY, rule, current, candidate, null);
    }
    Policy.Review review = (Policy.Review) policy;
    long apart = Math.abs(candidate.commitTimeMs() - current.commitTimeMs());
    if (apart > review.window().toMillis() || candidate.value().equals(current.value())) {
      return accepted(
          field, "review: no concurrent edit (" + apart + " ms apart)", candidate, current);
    }
    FieldValue agreed = current.agreed();
    return new Decision(
        field,
        Verdict.CONFLICT,
        "review: "
            + current.source()
            + " and "
            + candidate.source()
            + " edited "
            + field
            + " "
            + apart
            + " ms apart (window "
            + review.window().toMillis()
            + " ms); back to the last agreed value",
        agreed == null ? new FieldValue(null, "none", 0, null) : agreed,
        candidate,
        current);
  }

  private static Decision accepted(
      String field, String rule, FieldValue candidate, FieldValue replaced) {
    return new Decision(field, Verdict.ACCEPTED, rule, candidate, replaced, null);
  }
}
