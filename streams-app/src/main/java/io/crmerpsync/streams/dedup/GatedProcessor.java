package io.crmerpsync.streams.dedup;

import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.change.DecodeException;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.change.RawChangeDecoder;
import io.crmerpsync.streams.deadletter.DeadLetters;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a raw change, passes it through the version gate of its key, and hands what applies to
 * {@link #onApplied}. Undecodable records, and records that {@link #onApplied} rejects with a
 * {@link DecodeException}, go to the dead-letter sink with the reason; duplicates and stale changes
 * are dropped and counted. Nothing disappears silently.
 *
 * <p>A rejected record does not advance its key's position: a later, valid change still applies.
 */
public abstract class GatedProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(GatedProcessor.class);

  private final String table;
  private final String positionsStore;
  private final SyncMetrics metrics;
  private final Auditor auditor;
  private final RawChangeDecoder decoder = new RawChangeDecoder();
  protected ProcessorContext<Object, Object> context;
  private KeyValueStore<String, KeyState> positions;
  private final java.util.List<Onward> held = new java.util.ArrayList<>();
  private boolean applying;

  /** A record for a processor after the gate, held until the gate has recorded its change. */
  private record Onward(Record<Object, Object> record, String child) {}

  protected GatedProcessor(
      String table, String positionsStore, SyncMetrics metrics, Auditor auditor) {
    this.table = table;
    this.positionsStore = positionsStore;
    this.metrics = metrics;
    this.auditor = auditor;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.positions = context.getStateStore(positionsStore);
  }

  @Override
  public final void process(Record<byte[], byte[]> record) {
    RawChange change;
    try {
      change = decoder.decode(record.key(), record.value());
    } catch (DecodeException e) {
      deadLetter(record, null, e.reason(), e.getMessage());
      return;
    }
    KeyState applied = positions.get(change.key());
    String appliedPosition = applied == null ? null : applied.position().format();
    VersionGate.Verdict verdict = VersionGate.judge(applied, change.position());
    if (verdict instanceof VersionGate.Apply apply) {
      String tag;
      held.clear();
      applying = true;
      try {
        tag =
            onApplied(
                record, change, apply.next().version(), applied == null ? null : applied.tag());
      } catch (DecodeException e) {
        held.clear();
        deadLetter(record, change, e.reason(), e.getMessage());
        onNotApplied(record, change);
        return;
      } finally {
        applying = false;
      }
      positions.put(change.key(), apply.next().withTag(tag));
      metrics.applied(table);
      auditor.applied(
          context, table, change, appliedPosition, apply.next().version(), record.timestamp());
      // Only now: routed in task, the next processor runs inside this call, and what it does or
      // fails to do is its own, not this change's (a change is dead-lettered only for what the
      // gate itself found). It also keeps the change's audit event ahead of the decisions taken
      // on it further on.
      for (Onward onward : held) {
        context.forward(onward.record(), onward.child());
      }
      held.clear();
    } else if (verdict instanceof VersionGate.Drop drop) {
      metrics.dropped(table, drop.reason());
      auditor.dropped(context, table, change, drop.reason(), appliedPosition, record.timestamp());
      LOG.debug(
          "dropped {} change of {} key {} at {}",
          drop.reason(),
          table,
          change.key(),
          change.position());
      onNotApplied(record, change);
    }
  }

  /**
   * Sends {@code record} to the processor {@code child} after this gate: while a change is being
   * applied ({@link #onApplied}), once the gate has recorded it (its position and its audit event),
   * and not at all if applying it fails with a {@link DecodeException}; at any other time at once.
   */
  protected final void forwardOnward(Record<Object, Object> record, String child) {
    if (applying) {
      held.add(new Onward(record, child));
    } else {
      context.forward(record, child);
    }
  }

  /**
   * Told about a decoded change that will not be applied (a duplicate, stale, or dead-lettered
   * one). Transaction assembly counts it: a transaction's END marker counts every change, so
   * forgetting one would make the transaction look incomplete forever.
   */
  protected void onNotApplied(Record<byte[], byte[]> record, RawChange change) {}

  /**
   * Handles a change that passed the gate with the key's new {@code version}.
   *
   * @throws DecodeException when the change's content is unusable (it is then dead-lettered)
   */
  protected abstract void onApplied(Record<byte[], byte[]> record, RawChange change, long version);

  /**
   * Handles a change that passed the gate, knowing the tag the key's previous change left ({@code
   * null}: none), and returns the tag to keep for the key (null: none). By default {@link
   * #onApplied(Record, RawChange, long)}, keeping no tag.
   *
   * @throws DecodeException when the change's content is unusable (it is then dead-lettered)
   */
  protected String onApplied(
      Record<byte[], byte[]> record, RawChange change, long version, String previousTag) {
    onApplied(record, change, version);
    return null;
  }

  private void deadLetter(
      Record<byte[], byte[]> record, RawChange change, String reason, String message) {
    RecordMetadata origin = context.recordMetadata().orElse(null);
    LOG.warn(
        "dead-lettering {} record at {}-{}@{}: {}",
        table,
        origin == null ? "?" : origin.topic(),
        origin == null ? "?" : origin.partition(),
        origin == null ? "?" : origin.offset(),
        message);
    metrics.deadLettered(reason);
    String key =
        change != null
            ? change.key()
            : record.key() == null
                ? "null"
                : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
    auditor.deadLettered(context, table, key, change, reason, message, record.timestamp());
    context.forward(
        new Record<Object, Object>(
            record.key(),
            record.value(),
            record.timestamp(),
            DeadLetters.headers(record.headers(), origin, reason, message)),
        TopologyNames.DEAD_LETTER_SINK);
  }
}
