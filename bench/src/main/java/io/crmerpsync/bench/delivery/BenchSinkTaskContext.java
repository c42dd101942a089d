package io.crmerpsync.bench.delivery;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The sink context a task gets when the bench drives it directly instead of a Connect worker: no
 * errant record reporter (a refused record fails the run, which is what a benchmark wants), and
 * offset, pause and commit requests are ignored because the bench hands every record exactly once.
 */
final class BenchSinkTaskContext implements SinkTaskContext {
  private final Map<String, String> configs;

  BenchSinkTaskContext(Map<String, String> configs) {
    this.configs = Map.copyOf(configs);
  }

  @Override
  public Map<String, String> configs() {
    return configs;
  }

  @Override
  public void offset(Map<TopicPartition, Long> offsets) {}

  @Override
  public void offset(TopicPartition tp, long offset) {}

  @Override
  public void timeout(long timeoutMs) {}

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
  public ErrantRecordReporter errantRecordReporter() {
    return null;
  }

  @Override
  public PluginMetrics pluginMetrics() {
    return null;
  }
}
