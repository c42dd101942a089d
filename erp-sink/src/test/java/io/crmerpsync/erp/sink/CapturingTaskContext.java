package io.crmerpsync.erp.sink;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The part of Connect's sink context a task uses, recording what the task asks of it: the records
 * it reports as errant and the retry timeout it sets. Built with or without an errant record
 * reporter, as Connect does for errors.tolerance=all with a DLQ, or none.
 */
final class CapturingTaskContext implements SinkTaskContext {

  /** One call of the errant record reporter. */
  record Report(SinkRecord record, Throwable error) {}

  private final boolean withReporter;
  private final List<Report> reports = new CopyOnWriteArrayList<>();
  private volatile long timeoutMs = -1;

  private CapturingTaskContext(boolean withReporter) {
    this.withReporter = withReporter;
  }

  static CapturingTaskContext withErrantRecordReporter() {
    return new CapturingTaskContext(true);
  }

  static CapturingTaskContext withoutErrantRecordReporter() {
    return new CapturingTaskContext(false);
  }

  List<Report> reports() {
    return List.copyOf(reports);
  }

  long timeoutMs() {
    return timeoutMs;
  }

  @Override
  public ErrantRecordReporter errantRecordReporter() {
    if (!withReporter) {
      return null;
    }
    return new ErrantRecordReporter() {
      @Override
      public Future<Void> report(SinkRecord record, Throwable error) {
        reports.add(new Report(record, error));
        return CompletableFuture.completedFuture(null);
      }
    };
  }

  @Override
  public Map<String, String> configs() {
    return Map.of();
  }

  @Override
  public void offset(Map<TopicPartition, Long> offsets) {}

  @Override
  public void offset(TopicPartition tp, long offset) {}

  @Override
  public void timeout(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Set<TopicPartition> assignment() {
    return Set.of();
  }

  @Override
  public void pause(TopicPartition... partitions) {}

  @Override
  public void resume(TopicPartition... partitions) {}

  @Override
  public void requestCommit() {}

  @Override
  public PluginMetrics pluginMetrics() {
    return null;
  }
}
