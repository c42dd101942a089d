package io.crmerpsync.registry.store;

import java.time.Duration;

/**
 * Where and how the registry keeps its log.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic the compacted, single-partition topic holding schemas and config
 * @param replicationFactor replication factor used when the topic has to be created
 * @param timeout bound on every Kafka operation (create topic, catch up, produce and apply)
 */
public record LogSettings(
    String bootstrapServers, String topic, short replicationFactor, Duration timeout) {}
