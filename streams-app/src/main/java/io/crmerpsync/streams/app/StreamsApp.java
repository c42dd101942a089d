package io.crmerpsync.streams.app;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.topology.Routing;
import io.crmerpsync.streams.topology.SyncTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sync topology: creates missing topics, pins canonical subjects to BACKWARD_TRANSITIVE,
 * chooses how re-keyed records are routed ({@link RoutingChoice}: inside the one task when every
 * topic read has one partition), and starts Kafka Streams with exactly_once_v2.
 *
 * <p>Uncaught exceptions shut the client down (SHUTDOWN_CLIENT) rather than replace the thread: bad
 * records are dead-lettered inside the processors, so what reaches the handler is a bug or a broken
 * environment, and replaying it in a loop would only hide it. {@link #failure()} completes so the
 * launcher can exit non-zero.
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
  static final String CANONICAL_COMPATIBILITY = "BACKWARD_TRANSITIVE";

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

  private StreamsApp(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics) {
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
  }

  /** Starts the application; returns once Kafka Streams is starting. */
  public static StreamsApp start(StreamsAppConfig config, MeterRegistry meters) {
    TopicProvisioner.ensureTopics(config);
    SchemaRegistryClient registry = new RestSchemaRegistryClient(config.schemaRegistryUrl());
    for (String topic : new String[] {Topics.CANONICAL_CUSTOMERS, Topics.CANONICAL_ORDERS}) {
      registry.setCompatibility(AvroWireSerde.valueSubject(topic), CANONICAL_COMPATIBILITY);
    }
    SyncTopology.registerOutputSchemas(registry, config.erpStatusSources());
    SyncMetrics metrics = new SyncMetrics(meters);
    Topology throughKafka = topology(config, registry, metrics, Routing.THROUGH_KAFKA);
    RoutingChoice.Choice routing;
    try (Admin admin = Admin.create(adminProperties(config))) {
      routing = RoutingChoice.choose(config.topologyRouting(), throughKafka, admin);
    }
    Topology topology =
        routing.routing() == Routing.THROUGH_KAFKA
            ? throughKafka
            : topology(config, registry, metrics, Routing.IN_TASK);
    LOG.info(
        "starting streams application {}, routing {}: {}\n{}",
        config.applicationId(),
        routing.routing(),
        routing.reason(),
        topology.describe());
    KafkaStreams streams = new KafkaStreams(topology, streamsProperties(config));
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(meters);
    StreamsApp app = new StreamsApp(streams, streamsMetrics);
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("streams application failed; shutting it down", e);
          app.failure.complete(e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.start();
    return app;
  }

  private static Topology topology(
      StreamsAppConfig config,
      SchemaRegistryClient registry,
      SyncMetrics metrics,
      Routing routing) {
    return SyncTopology.build(
        config.rawTopics(),
        config.emitSettings(),
        config.erpStatusSources(),
        registry,
        metrics,
        routing,
        config.commitPacing());
  }

  private static Map<String, Object> adminProperties(StreamsAppConfig config) {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
  }

  /**
   * The Kafka Streams settings this application runs with; the benchmark runs its measurements with
   * the same ones.
   */
  public static Properties streamsProperties(StreamsAppConfig config) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numThreads());
    // Kafka Streams' own interval is the longest; the topology asks for commits more often while
    // it keeps up (CommitPacing, decision 17).
    props.put(
        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
        config.commitPacing().backlogInterval().toMillis());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplicationFactor());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    // Never wait for an empty input partition of a task to line up timestamps across topics: the
    // topology orders by source position per key and counts transaction END markers, it does not
    // need stream-time alignment. With the default (0), Kafka Streams 4.3 formats log text with
    // String.format on every poll of a task with an empty input, which cost about 10% of the
    // stream thread in the benchmark's profile (docs/decisions/0009-streams-hot-path.md).
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    long rocksDbMegabytes = config.rocksDbMemoryMb();
    if (rocksDbMegabytes > 0) {
      props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
      props.put(BoundedRocksDbMemory.TOTAL_BYTES, rocksDbMegabytes << 20);
    }
    return props;
  }

  /** True while the application is starting, rebalancing or running. */
  public boolean isRunning() {
    return streams.state().isRunningOrRebalancing()
        || streams.state() == KafkaStreams.State.CREATED;
  }

  /** The current Kafka Streams state. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Completes with the cause if the application stops because of an error. */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  /**
   * Stops processing and leaves the consumer group, so that the tasks move to the other instances,
   * or to this one when it starts again, at once rather than after the session timeout (45 s):
   * Kafka Streams' plain {@code close} stays in the group.
   */
  @Override
  public void close() {
    streams.close(
        org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    streamsMetrics.close();
  }
}
