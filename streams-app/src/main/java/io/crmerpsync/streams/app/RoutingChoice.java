package io.crmerpsync.streams.app;

import io.crmerpsync.streams.topology.Routing;
import io.crmerpsync.streams.topology.TopologyTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.Topology;

/**
 * Decides at start how the topology routes re-keyed records ({@link Routing}), from {@code
 * streams.topology.routing} and the topics as they are.
 *
 * <p>In-task routing is only correct when one task holds every key: every topic the application
 * reads must have one partition. Switching from through-Kafka to in-task must not strand records
 * that sit in the internal topics unconsumed (they would never reach their processor), so {@code
 * auto} routes through Kafka once more while any are there, and a forced {@code in-task} refuses to
 * start. Once it runs in task, the application moves its committed offsets of the internal topics
 * to their ends: a later start routed through Kafka (after partitions were added) then reads only
 * what it writes itself, not records that were processed long ago.
 */
final class RoutingChoice {
  private static final Duration BACKLOG_CHECK = Duration.ofSeconds(10);

  /**
   * The routing to run with, and why, for the start log; {@code internalTopics} are the topics the
   * topology routed through Kafka writes and reads itself.
   */
  record Choice(Routing routing, String reason, Set<String> internalTopics) {}

  private RoutingChoice() {}

  /**
   * The routing for {@code setting} of application {@code applicationId} whose topology, routed
   * through Kafka, is {@code throughKafka}.
   *
   * @throws ConfigException when {@code in-task} is set and cannot be run safely, naming why
   */
  static Choice choose(
      RoutingSetting setting,
      Topology throughKafka,
      String applicationId,
      Admin admin,
      Map<String, Object> consumerSettings) {
    Set<String> read = TopologyTopics.of(throughKafka, true, false);
    Set<String> internal = new LinkedHashSet<>(read);
    internal.retainAll(TopologyTopics.of(throughKafka, false, true));
    if (setting == RoutingSetting.THROUGH_KAFKA) {
      return new Choice(Routing.THROUGH_KAFKA, "streams.topology.routing=through-kafka", internal);
    }
    Map<String, Integer> several = new TreeMap<>();
    partitions(admin, read)
        .forEach(
            (topic, count) -> {
              if (count > 1) {
                several.put(topic, count);
              }
            });
    if (!several.isEmpty()) {
      String why = "topics read with more than one partition: " + several;
      if (setting == RoutingSetting.IN_TASK) {
        throw new ConfigException(
            "streams.topology.routing=in-task needs every topic the application reads to have one"
                + " partition (one task holds every key); "
                + why
                + ". Use auto or through-kafka.");
      }
      return new Choice(Routing.THROUGH_KAFKA, why, internal);
    }
    Map<TopicPartition, Long> backlog = backlog(admin, applicationId, internal, consumerSettings);
    if (!backlog.isEmpty()) {
      String why =
          "internal topics hold records the application has not consumed yet (first unconsumed"
              + " offset per partition: "
              + backlog
              + ")";
      if (setting == RoutingSetting.IN_TASK) {
        throw new ConfigException(
            "streams.topology.routing=in-task would leave them unprocessed: "
                + why
                + ". Start once with auto or through-kafka to drain them.");
      }
      return new Choice(
          Routing.THROUGH_KAFKA, why + "; routed through Kafka to drain them", internal);
    }
    return new Choice(
        Routing.IN_TASK,
        "every topic read has one partition ("
            + read.size()
            + " topics) and the internal topics hold nothing unconsumed",
        internal);
  }

  private static Map<String, Integer> partitions(Admin admin, Set<String> topics) {
    Map<String, TopicDescription> described =
        get(admin.describeTopics(topics).allTopicNames(), "describe " + topics);
    Map<String, Integer> counts = new TreeMap<>();
    described.forEach((name, d) -> counts.put(name, d.partitions().size()));
    return counts;
  }

  /**
   * The partitions of {@code internal} holding records past the application's committed offset (or
   * from their start, when it has none), each with where they begin. Reads with read_committed, so
   * records of aborted transactions and transaction markers do not count.
   */
  static Map<TopicPartition, Long> backlog(
      Admin admin,
      String applicationId,
      Set<String> internal,
      Map<String, Object> consumerSettings) {
    Map<TopicPartition, Long> ends = endOffsets(admin, internal);
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(
            admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata(),
            "read the committed offsets of " + applicationId);
    Map<TopicPartition, Long> from = new HashMap<>();
    ends.forEach(
        (tp, end) -> {
          OffsetAndMetadata offset = committed.get(tp);
          long start = offset == null ? 0 : offset.offset();
          if (start < end) {
            from.put(tp, start);
          }
        });
    if (from.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> props = new HashMap<>(consumerSettings);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    Map<TopicPartition, Long> found =
        new TreeMap<>(java.util.Comparator.comparing(Object::toString));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      long deadline = System.nanoTime() + BACKLOG_CHECK.toNanos();
      Set<TopicPartition> open = new LinkedHashSet<>(from.keySet());
      while (!open.isEmpty()) {
        if (System.nanoTime() > deadline) {
          // Cannot tell: count what is left as a backlog, the safe side.
          open.forEach(tp -> found.put(tp, consumer.position(tp)));
          break;
        }
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> found.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset()));
        open.removeIf(tp -> found.containsKey(tp) || consumer.position(tp) >= ends.get(tp));
      }
    }
    return found;
  }

  /**
   * Moves the committed offsets of {@code applicationId} on {@code internal} to their ends, before
   * the application starts in task. Returns false, changing nothing, when the group has active
   * members (another instance is running; it made the same move when it started).
   */
  static boolean skipInternalTopics(Admin admin, String applicationId, Set<String> internal) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    endOffsets(admin, internal).forEach((tp, end) -> offsets.put(tp, new OffsetAndMetadata(end)));
    if (offsets.isEmpty()) {
      return true;
    }
    try {
      admin.alterConsumerGroupOffsets(applicationId, offsets).all().get(30, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownMemberIdException
          || e.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException) {
        return false;
      }
      throw new IllegalStateException(
          "cannot move the offsets of " + applicationId + " on " + internal, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "timed out moving the offsets of " + applicationId + " on " + internal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics) {
    if (topics.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    get(admin.describeTopics(topics).allTopicNames(), "describe " + topics)
        .forEach(
            (name, d) ->
                d.partitions()
                    .forEach(
                        p ->
                            request.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    get(admin.listOffsets(request).all(), "list the end offsets of " + topics)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }
}
