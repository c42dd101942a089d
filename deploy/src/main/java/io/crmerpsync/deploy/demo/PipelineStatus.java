package io.crmerpsync.deploy.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the figures the demo prints: counters from the shared meter registry, the ERP sink's
 * consumer lag from Kafka. Rows in the ERP are counted by the caller.
 */
public final class PipelineStatus {
  private final MeterRegistry meters;
  private final Admin admin;
  private final String sinkGroup;

  public PipelineStatus(MeterRegistry meters, Admin admin, String sinkConnector) {
    this.meters = meters;
    this.admin = admin;
    this.sinkGroup = "connect-" + sinkConnector;
  }

  /** The registry the figures are read from. */
  public MeterRegistry meters() {
    return meters;
  }

  /** Sum of a counter over all its tags (0 when it does not exist yet). */
  public double sum(String counterName) {
    return meters.find(counterName).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Sum of a counter over the series whose {@code tag} starts with {@code prefix}. */
  public double sum(String counterName, String tag, String prefix) {
    return meters.find(counterName).counters().stream()
        .filter(c -> c.getId().getTag(tag) != null && c.getId().getTag(tag).startsWith(prefix))
        .mapToDouble(Counter::count)
        .sum();
  }

  /** Records in the command topics that the ERP sink has not consumed yet; -1 if unknown. */
  public long sinkLag() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(sinkGroup)
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      if (committed.isEmpty()) {
        return -1;
      }
      Set<TopicPartition> partitions = committed.keySet();
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin
              .listOffsets(
                  partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get(5, TimeUnit.SECONDS);
      long lag = 0;
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata offset = committed.get(partition);
        lag += ends.get(partition).offset() - (offset == null ? 0 : offset.offset());
      }
      return lag;
    } catch (Exception e) {
      return -1;
    }
  }
}
