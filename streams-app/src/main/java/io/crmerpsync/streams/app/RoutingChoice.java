package io.crmerpsync.streams.app;

import io.crmerpsync.streams.topology.Routing;
import io.crmerpsync.streams.topology.TopologyTopics;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.Topology;

/**
 * Decides at start how the topology routes re-keyed records ({@link Routing}), from {@code
 * streams.topology.routing} and the partition counts of the topics it reads.
 *
 * <p>In-task routing is only correct when one task holds every key: every topic the application
 * reads must have one partition. Both routings read the same topics (in task the internal topics
 * are read too, for what an earlier run routed through Kafka and left there), so instances of one
 * application that chose differently still consume everything, and a switch strands nothing.
 */
final class RoutingChoice {

  /** The routing to run with, and why, for the start log. */
  record Choice(Routing routing, String reason) {}

  private RoutingChoice() {}

  /**
   * The routing for {@code setting} of the application whose topology, routed through Kafka, is
   * {@code throughKafka}.
   *
   * @throws ConfigException when {@code in-task} is set and a topic read has several partitions,
   *     naming them
   */
  static Choice choose(RoutingSetting setting, Topology throughKafka, Admin admin) {
    if (setting == RoutingSetting.THROUGH_KAFKA) {
      return new Choice(Routing.THROUGH_KAFKA, "streams.topology.routing=through-kafka");
    }
    Set<String> read = TopologyTopics.of(throughKafka, true, false);
    Map<String, Integer> several = new TreeMap<>();
    partitions(admin, read)
        .forEach(
            (topic, count) -> {
              if (count > 1) {
                several.put(topic, count);
              }
            });
    if (several.isEmpty()) {
      return new Choice(
          Routing.IN_TASK,
          "every topic read has one partition ("
              + read.size()
              + " topics); streams.topology.routing="
              + setting.value());
    }
    String why = "topics read with more than one partition: " + several;
    if (setting == RoutingSetting.IN_TASK) {
      throw new ConfigException(
          "streams.topology.routing=in-task needs every topic the application reads to have one"
              + " partition (one task holds every key); "
              + why
              + ". Use auto or through-kafka.");
    }
    return new Choice(Routing.THROUGH_KAFKA, why);
  }

  private static Map<String, Integer> partitions(Admin admin, Set<String> topics) {
    Map<String, TopicDescription> described;
    try {
      described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the partition counts of " + topics + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing " + topics, e);
    }
    Map<String, Integer> counts = new TreeMap<>();
    described.forEach((name, d) -> counts.put(name, d.partitions().size()));
    return counts;
  }
}
