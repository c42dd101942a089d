package io.crmerpsync.bench.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Records processed by a Kafka Streams client's stream threads so far (thread-level {@code
 * process-total}), cheap enough to read every few milliseconds while a run is timed.
 *
 * <p>{@link KafkaStreams#metrics()} copies every metric of the client into a new map: thousands
 * with the real topology's stores. Calling it every 5 ms took a large share of one of this
 * machine's two cores away from the stream thread being measured (a JFR profile of the topology
 * bench showed the bench's main thread copying metrics for most of a run). The metric objects
 * themselves stay valid, so they are looked up once and again at most once a second, in case a
 * thread was added.
 */
public final class ProcessedRecords {
  private static final long LOOKUP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final KafkaStreams streams;
  private List<Metric> metrics = List.of();
  private long nextLookup;

  public ProcessedRecords(KafkaStreams streams) {
    this.streams = streams;
  }

  /** The sum of every stream thread's {@code process-total}. */
  public double read() {
    long now = System.nanoTime();
    if (metrics.isEmpty() || now - nextLookup >= 0) {
      metrics = lookUp(streams);
      nextLookup = now + LOOKUP_NANOS;
    }
    double total = 0;
    for (Metric metric : metrics) {
      total += ((Number) metric.metricValue()).doubleValue();
    }
    return total;
  }

  private static List<Metric> lookUp(KafkaStreams streams) {
    List<Metric> found = new ArrayList<>();
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (name.name().equals("process-total") && name.group().equals("stream-thread-metrics")) {
        found.add(e.getValue());
      }
    }
    return found;
  }
}
