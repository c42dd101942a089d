package io.crmerpsync.streams.topology;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/** The topics a built topology reads and writes, from its own description. */
public final class TopologyTopics {
  private TopologyTopics() {}

  /** The topics {@code topology} reads ({@code sources}) and/or writes ({@code sinks}). */
  public static Set<String> of(Topology topology, boolean sources, boolean sinks) {
    Set<String> topics = new LinkedHashSet<>();
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (sources && node instanceof TopologyDescription.Source source) {
          if (source.topicSet() != null) {
            topics.addAll(source.topicSet());
          }
        } else if (sinks && node instanceof TopologyDescription.Sink sink) {
          if (sink.topic() != null) {
            topics.add(sink.topic());
          }
        }
      }
    }
    return topics;
  }
}
