package io.crmerpsync.deploy.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Rewinds the streams application's committed positions in its input topics to a point in time,
 * keeping its state: the changes from that time on are processed again, and the version gate drops
 * every one already applied, so only what was not applied (a change dead-lettered by a bug since
 * fixed, say) has an effect. Unlike Kafka's streams reset tool, it deletes no internal topic: with
 * the stores gone, versions would start again at 1 and the ERP would refuse every command below the
 * version it holds.
 *
 * <p>Never moves a position forward (that would skip records not processed yet), refuses while the
 * application has members (a running instance would overwrite the positions), and refuses the
 * application's internal topics (intermediate: re-read from where it left them).
 */
public final class ReplayPlan {
  /** Topics the application writes and reads itself. */
  static final String INTERNAL_PREFIX = "sync.internal.";

  /**
   * One partition's move; {@code metadata} is what the application committed with its position
   * (Kafka Streams keeps the partition's time there), kept on the rewound position.
   */
  public record Move(TopicPartition partition, long committed, long target, String metadata) {
    /** Records processed again. */
    public long replayed() {
      return Math.max(0, committed - target);
    }
  }

  private final String bootstrapServers;
  private final Duration timeout;

  public ReplayPlan(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /**
   * The moves that bring {@code applicationId}'s positions in {@code topics} back to the first
   * record at or after {@code from}; a partition with nothing at or after it, or already before it,
   * keeps its position.
   */
  public List<Move> plan(String applicationId, Collection<String> topics, Instant from) {
    for (String topic : topics) {
      if (topic.startsWith(INTERNAL_PREFIX)) {
        throw new IllegalArgumentException(
            topic
                + " is an internal topic of the streams application; replay its inputs (the raw"
                + " change topics), it re-reads its internal topics from where it left them");
      }
    }
    try (Admin admin = admin()) {
      requireStopped(admin, applicationId);
      Map<TopicPartition, OffsetAndMetadata> committed =
          get(admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata());
      Map<TopicPartition, OffsetSpec> atTime = new HashMap<>();
      for (TopicDescription topic : get(admin.describeTopics(topics).allTopicNames()).values()) {
        topic
            .partitions()
            .forEach(
                p ->
                    atTime.put(
                        new TopicPartition(topic.name(), p.partition()),
                        OffsetSpec.forTimestamp(from.toEpochMilli())));
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
          get(admin.listOffsets(atTime).all());
      List<Move> moves = new ArrayList<>();
      for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
          offsets.entrySet()) {
        OffsetAndMetadata position = committed.get(e.getKey());
        if (position == null) {
          // Never committed: the application starts it per its reset policy anyway.
          continue;
        }
        long first = e.getValue().offset();
        long target = first < 0 ? position.offset() : Math.min(first, position.offset());
        moves.add(new Move(e.getKey(), position.offset(), target, position.metadata()));
      }
      moves.sort(
          java.util.Comparator.comparing((Move m) -> m.partition().topic())
              .thenComparingInt(m -> m.partition().partition()));
      return moves;
    } catch (UnknownTopicOrPartitionException e) {
      throw new IllegalStateException("a topic does not exist: " + e.getMessage(), e);
    }
  }

  /** Commits the targets of {@code moves} for {@code applicationId}, checking it is stopped. */
  public void execute(String applicationId, List<Move> moves) {
    Map<TopicPartition, OffsetAndMetadata> targets = new HashMap<>();
    for (Move m : moves) {
      if (m.target() < m.committed()) {
        targets.put(m.partition(), new OffsetAndMetadata(m.target(), m.metadata()));
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    try (Admin admin = admin()) {
      requireStopped(admin, applicationId);
      get(admin.alterConsumerGroupOffsets(applicationId, targets).all());
    }
  }

  private void requireStopped(Admin admin, String applicationId) {
    ConsumerGroupDescription group;
    try {
      group = get(admin.describeConsumerGroups(List.of(applicationId)).all()).get(applicationId);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        throw new IllegalStateException(
            "application " + applicationId + " has no positions to rewind (is the id right?)", e);
      }
      throw e;
    }
    if (!group.members().isEmpty()) {
      throw new IllegalStateException(
          "application "
              + applicationId
              + " is running ("
              + group.members().size()
              + " member(s) in its group): stop every instance first, or they overwrite the"
              + " rewound positions");
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis()));
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException unknown) {
        throw unknown;
      }
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " refused: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at "
              + bootstrapServers
              + " within "
              + timeout.toSeconds()
              + " s (check --bootstrap-servers and that the brokers are up)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
