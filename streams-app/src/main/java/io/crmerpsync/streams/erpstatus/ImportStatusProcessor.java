package io.crmerpsync.streams.erpstatus;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpImportState;
import io.crmerpsync.schemas.erp.ErpImportStatus;
import io.crmerpsync.streams.change.DecodeException;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.change.RawChangeDecoder;
import io.crmerpsync.streams.deadletter.DeadLetters;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.TopologyNames;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the captured changes of one ERP interface table into {@link ErpImportStatus} events on
 * {@code sync.erp-status.v1}: one per report of the ERP's importer (PROCESSING, SUCCESS, ERROR).
 *
 * <p>Every command the sink applies is a change of the table too, with {@code process_status =
 * PENDING}; those are counted and dropped before any state is touched, so the sink's volume costs
 * one decode per write and nothing more. A report equal to the last one published for the row (the
 * same version, status, code and message), or at a log position already seen (Debezium re-sending
 * after a restart), publishes nothing. Rows the decoder or the row reader cannot use go to the
 * dead-letter topic with the reason; deleted rows (a purge of processed rows) forget their entry.
 */
public final class ImportStatusProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ImportStatusProcessor.class);
  private static final Set<String> REPORTED =
      Set.of(
          ErpImportState.PROCESSING.name(),
          ErpImportState.SUCCESS.name(),
          ErpImportState.ERROR.name());

  private final ImportEntity entity;
  private final SyncMetrics metrics;
  private final RawChangeDecoder decoder = new RawChangeDecoder();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, LastReport> reports;

  // The first CRM's system: its entities keep the key entity:ref, another CRM's get
  // entity:system:ref.
  private final String firstSourceSystem;

  /**
   * A processor whose reports of rows of {@code firstSourceSystem} are keyed {@code entity:ref},
   * and of any other source system (another CRM database's orders) {@code entity:system:ref}, so
   * that order 10 of two databases are two entries of the compacted status topic.
   */
  public ImportStatusProcessor(ImportEntity entity, SyncMetrics metrics, String firstSourceSystem) {
    this.entity = entity;
    this.metrics = metrics;
    this.firstSourceSystem = firstSourceSystem;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.reports = context.getStateStore(entity.store());
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RawChange change;
    ImportStatusRow row;
    try {
      change = decoder.decode(record.key(), record.value());
      if (change.isDelete()) {
        reports.delete(ImportStatusRow.storeKey(change.row(), entity));
        metrics.importStatusIgnored(entity.label(), "deleted");
        return;
      }
      row = ImportStatusRow.of(change.row());
      if (!row.isPending() && !REPORTED.contains(row.processStatus())) {
        throw new DecodeException(
            "invalid-status",
            "process_status '"
                + row.processStatus()
                + "' is none of PENDING, PROCESSING, SUCCESS, ERROR");
      }
    } catch (DecodeException e) {
      deadLetter(record, e);
      return;
    }
    if (row.isPending()) {
      metrics.importStatusIgnored(entity.label(), "pending");
      return;
    }
    String storeKey = row.storeKey(entity);
    LastReport last = reports.get(storeKey);
    if (last != null && last.isAtOrAfter(change.position())) {
      metrics.importStatusIgnored(entity.label(), "replayed");
      return;
    }
    if (last != null && last.saysTheSameAs(row)) {
      reports.put(storeKey, last.at(change.position()));
      metrics.importStatusIgnored(entity.label(), "unchanged");
      return;
    }
    reports.put(storeKey, LastReport.of(row, change.position()));
    metrics.importStatus(entity.label(), row.processStatus());
    context.forward(
        new Record<Object, Object>(
            firstSourceSystem == null || firstSourceSystem.equals(row.sourceSystem())
                ? Topics.erpStatusKey(entity.label(), row.sourceRef())
                : Topics.erpStatusKey(entity.label(), row.sourceSystem() + ":" + row.sourceRef()),
            status(row, change),
            record.timestamp()),
        TopologyNames.ERP_STATUS_SINK);
  }

  private ErpImportStatus status(ImportStatusRow row, RawChange change) {
    long reportedAt = change.commitTimeMs();
    // A snapshot row's commit time is when the snapshot read it, not when the importer wrote it.
    Long latency =
        change.position().snapshot()
            ? null
            : row.crmCommitTimeMs().map(crm -> reportedAt - crm).orElse(null);
    return ErpImportStatus.newBuilder()
        .setEntity(entity.label())
        .setSourceSystem(row.sourceSystem())
        .setSourceRef(row.sourceRef())
        .setVersion(row.version())
        .setStatus(ErpImportState.valueOf(row.processStatus()))
        .setErrorCode(row.errorCode())
        .setErrorMessage(row.errorMessage())
        .setBatchId(row.batchId())
        .setAction(row.action())
        .setIdempotencyKey(row.idempotencyKey())
        .setReportedAt(java.time.Instant.ofEpochMilli(reportedAt))
        .setCrmCommitTime(row.crmCommitTimeMs().map(java.time.Instant::ofEpochMilli).orElse(null))
        .setCommitToReportMs(latency)
        .setPosition(change.position().format())
        .build();
  }

  private void deadLetter(Record<byte[], byte[]> record, DecodeException e) {
    RecordMetadata origin = context.recordMetadata().orElse(null);
    LOG.warn(
        "dead-lettering {} interface record at {}-{}@{} key {}: {}",
        entity.label(),
        origin == null ? "?" : origin.topic(),
        origin == null ? "?" : origin.partition(),
        origin == null ? "?" : origin.offset(),
        record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8),
        e.getMessage());
    metrics.deadLettered(e.reason());
    context.forward(
        DeadLetters.of(record, origin, e.reason(), e.getMessage()), TopologyNames.DEAD_LETTER_SINK);
  }
}
