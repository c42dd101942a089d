package io.crmerpsync.cdc.capture;

import io.crmerpsync.cdc.config.CrmConnector;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch the engine hands over to the raw topics and acknowledges it to the engine only
 * after Kafka acknowledged every write of the batch.
 *
 * <p>A write Kafka does not acknowledge (after the producer's own retries) fails the batch: no
 * record of it is marked processed, the exception stops the engine, and since the batch's offsets
 * were never committed, the next start reads it again. Nothing is lost; some changes may be written
 * twice, which the raw topic contract allows (consumers dedup by position).
 *
 * <p>A change {@code crm.skip.rows} skips is not sent; it is acknowledged to the engine with its
 * batch, after the batch's writes, so its position is committed like any other. So is a Debezium
 * heartbeat ({@code cdc.heartbeat.interval.ms}): it only carries the position the server has
 * reached while no captured table changed, which the engine stores once it is acknowledged.
 */
final class KafkaChangeForwarder
    implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

  private static final Logger log = LoggerFactory.getLogger(KafkaChangeForwarder.class);

  private final Producer<byte[], byte[]> producer;
  private final RawRecordConverter converter;
  private final RowSkipper skipper;
  private final CdcMetrics metrics;

  KafkaChangeForwarder(
      Producer<byte[], byte[]> producer,
      CrmConnector connector,
      RowSkipper skipper,
      CdcMetrics metrics) {
    this.producer = producer;
    this.converter = new RawRecordConverter(connector);
    this.skipper = skipper;
    this.metrics = metrics;
  }

  @Override
  public void handleBatch(
      List<ChangeEvent<SourceRecord, SourceRecord>> batch,
      DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
      throws InterruptedException {
    long started = System.nanoTime();
    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
    // Per change of the batch: the table it was skipped for (crm.skip.rows), or null if written
    // or a heartbeat.
    String[] skippedTables = new String[batch.size()];
    boolean[] heartbeats = new boolean[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      SourceRecord change = batch.get(i).value();
      if (RawRecordConverter.isHeartbeat(change)) {
        heartbeats[i] = true;
        acks.add(null);
        continue;
      }
      skippedTables[i] = skipper.skippedTable(change);
      if (skippedTables[i] != null) {
        converter.skipped(change);
        acks.add(null);
      } else {
        acks.add(producer.send(converter.convert(change)));
      }
    }
    // flush() sends at once instead of waiting for linger.ms: the engine waits for this batch.
    producer.flush();
    awaitAcknowledgements(batch, acks);
    for (int i = 0; i < batch.size(); i++) {
      ChangeEvent<SourceRecord, SourceRecord> event = batch.get(i);
      committer.markProcessed(event);
      if (heartbeats[i]) {
        metrics.heartbeat();
      } else if (skippedTables[i] != null) {
        metrics.changeSkipped(skippedTables[i]);
      } else {
        count(event.value());
      }
    }
    committer.markBatchFinished();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    metrics.batchSent(took);
    log.debug(
        "Wrote and acknowledged a batch of {} changes in {} ms", batch.size(), took.toMillis());
  }

  private void awaitAcknowledgements(
      List<ChangeEvent<SourceRecord, SourceRecord>> batch, List<Future<RecordMetadata>> acks)
      throws InterruptedException {
    for (int i = 0; i < acks.size(); i++) {
      if (acks.get(i) == null) {
        continue;
      }
      try {
        acks.get(i).get();
      } catch (ExecutionException e) {
        metrics.batchFailed();
        SourceRecord failed = batch.get(i).value();
        throw new CdcSourceException(
            "Kafka did not acknowledge the change for topic "
                + failed.topic()
                + " at source offset "
                + failed.sourceOffset()
                + "; the batch of "
                + batch.size()
                + " changes is not acknowledged to Debezium and will be read again on the next"
                + " start",
            e.getCause());
      }
    }
  }

  private void count(SourceRecord record) {
    if (RawRecordConverter.isDataChange(record)) {
      Struct source = ((Struct) record.value()).getStruct(RawChangeContract.SOURCE);
      metrics.changeCaptured(source.getString("table"));
    } else {
      metrics.transactionMarker();
    }
  }

  @Override
  public boolean supportsTombstoneEvents() {
    // tombstones.on.delete=false: Debezium sends none; say so rather than inherit a default.
    return false;
  }
}
