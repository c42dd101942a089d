package io.crmerpsync.streams.audit;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.audit.AuditDecision;
import io.crmerpsync.schemas.audit.AuditEvent;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.topology.TopologyNames;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Writes one audit event per decision to {@code sync.audit.v1}, keyed by {@code <table>:<primary
 * key JSON>} so that an operator can ask "what happened to this row, and why". The event carries
 * the rule with its inputs (positions compared, version given), not only the verdict. Its time is
 * the record's stream time, so a replay audits identically.
 */
public final class Auditor {
  private final String sourceSystem;

  public Auditor(String sourceSystem) {
    this.sourceSystem = sourceSystem;
  }

  /** The change was applied and the key got {@code version}. */
  public void applied(
      ProcessorContext<Object, Object> context,
      String table,
      RawChange change,
      String previousPosition,
      long version,
      long timestamp) {
    String rule;
    if (previousPosition == null) {
      rule = "version-gate: first change of this key, position " + change.position();
    } else if (previousPosition.equals(change.position().format())) {
      rule =
          "version-gate: snapshot row at the applied position "
              + previousPosition
              + ", a later read of the row";
    } else {
      rule = "version-gate: position " + change.position() + " is after " + previousPosition;
    }
    forward(
        context,
        table,
        change.key(),
        event(table, change, AuditDecision.APPLIED, rule, previousPosition, timestamp)
            .setVersion(version)
            .build(),
        timestamp);
  }

  /** The change was dropped by the version gate ({@code duplicate} or {@code stale}). */
  public void dropped(
      ProcessorContext<Object, Object> context,
      String table,
      RawChange change,
      String reason,
      String appliedPosition,
      long timestamp) {
    boolean duplicate = reason.equals("duplicate");
    String rule =
        "version-gate: position "
            + change.position()
            + (duplicate ? " equals " : " is before ")
            + "the applied position "
            + appliedPosition;
    forward(
        context,
        table,
        change.key(),
        event(
                table,
                change,
                duplicate ? AuditDecision.DUPLICATE : AuditDecision.STALE,
                rule,
                appliedPosition,
                timestamp)
            .build(),
        timestamp);
  }

  /** The record was dead-lettered; {@code change} is null when it could not even be decoded. */
  public void deadLettered(
      ProcessorContext<Object, Object> context,
      String table,
      String key,
      RawChange change,
      String reason,
      String message,
      long timestamp) {
    AuditEvent.Builder event =
        change == null
            ? AuditEvent.newBuilder()
                .setTable(table)
                .setKey(key)
                .setSourceSystem(sourceSystem)
                .setDecidedAt(Instant.ofEpochMilli(timestamp))
            : event(table, change, AuditDecision.DEAD_LETTERED, "", null, timestamp);
    event
        .setDecision(AuditDecision.DEAD_LETTERED)
        .setRule("dead-letter: " + reason + ": " + message);
    forward(context, table, key, event.build(), timestamp);
  }

  /** A change of a transaction that timed out incomplete was diverted, not applied. */
  public void diverted(
      ProcessorContext<Object, Object> context,
      String table,
      String key,
      String transactionId,
      String position,
      String why,
      long timestamp) {
    forward(
        context,
        table,
        key,
        AuditEvent.newBuilder()
            .setTable(table)
            .setKey(key)
            .setDecision(AuditDecision.TRANSACTION_DIVERTED)
            .setRule("transaction-assembly: " + why)
            .setSourceSystem(sourceSystem)
            .setPosition(position)
            .setTransactionId(transactionId)
            .setDecidedAt(Instant.ofEpochMilli(timestamp))
            .build(),
        timestamp);
  }

  /** A field of a source's change did not win under the field's policy. */
  public void fieldDecision(
      ProcessorContext<Object, Object> context,
      String table,
      String key,
      String position,
      io.crmerpsync.streams.conflict.Decision decision,
      long timestamp) {
    String lost = decision.lost() == null ? "-" : String.valueOf(decision.lost().value());
    String holding = decision.holding() == null ? "-" : String.valueOf(decision.holding().value());
    forward(
        context,
        table,
        key,
        AuditEvent.newBuilder()
            .setTable(table)
            .setKey(key)
            .setDecision(AuditDecision.valueOf(decision.verdict().name()))
            .setRule(
                "field "
                    + decision.field()
                    + ": "
                    + decision.rule()
                    + "; lost value "
                    + lost
                    + ", field holds "
                    + holding)
            .setSourceSystem(decision.lost() == null ? sourceSystem : decision.lost().source())
            .setPosition(position)
            .setDecidedAt(Instant.ofEpochMilli(timestamp))
            .build(),
        timestamp);
  }

  /**
   * An operator's conflict resolution was applied ({@code version} given) or refused ({@code
   * version} null); {@code rule} says what was chosen, by whom and why, or why it was refused.
   */
  public void resolution(
      ProcessorContext<Object, Object> context,
      String table,
      String key,
      String rule,
      Long version,
      long timestamp) {
    AuditDecision decision =
        version == null ? AuditDecision.RESOLUTION_REFUSED : AuditDecision.RESOLVED;
    AuditEvent event =
        AuditEvent.newBuilder()
            .setTable(table)
            .setKey(key)
            .setDecision(decision)
            .setRule(rule)
            .setSourceSystem("operator")
            .setVersion(version)
            .setDecidedAt(Instant.ofEpochMilli(timestamp))
            .build();
    forward(context, table, key, event, timestamp);
  }

  /**
   * An operator's resync request was carried out ({@code version} given: the record went to the ERP
   * again with it) or refused ({@code version} null); {@code rule} says who asked, why, and what
   * was sent or why nothing was.
   */
  public void resync(
      ProcessorContext<Object, Object> context,
      String table,
      String key,
      String rule,
      Long version,
      long timestamp) {
    AuditEvent event =
        AuditEvent.newBuilder()
            .setTable(table)
            .setKey(key)
            .setDecision(version == null ? AuditDecision.RESYNC_REFUSED : AuditDecision.RESYNCED)
            .setRule(rule)
            .setSourceSystem("operator")
            .setVersion(version)
            .setDecidedAt(Instant.ofEpochMilli(timestamp))
            .build();
    forward(context, table, key, event, timestamp);
  }

  private AuditEvent.Builder event(
      String table,
      RawChange change,
      AuditDecision decision,
      String rule,
      String appliedPosition,
      long timestamp) {
    return AuditEvent.newBuilder()
        .setTable(table)
        .setKey(change.key())
        .setDecision(decision)
        .setRule(rule)
        .setSourceSystem(sourceSystem)
        .setPosition(change.position().format())
        .setAppliedPosition(appliedPosition)
        .setTransactionId(change.transactionId())
        .setOperation(change.operation().name().toLowerCase())
        .setDecidedAt(Instant.ofEpochMilli(timestamp));
  }

  private static void forward(
      ProcessorContext<Object, Object> context,
      String table,
      String key,
      AuditEvent event,
      long timestamp) {
    context.forward(
        new Record<Object, Object>(Topics.auditKey(table, key), event, timestamp),
        TopologyNames.AUDIT_SINK);
  }
}
