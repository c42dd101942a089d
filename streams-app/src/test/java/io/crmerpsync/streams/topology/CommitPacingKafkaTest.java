package io.crmerpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmerpsync.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CommitPacing} in a real exactly-once Kafka Streams application on a KRaft broker: with
 * Kafka Streams' own commit interval at ten minutes, a fresh record still reaches a read_committed
 * reader, because the paced processor asks for the commit.
 */
class CommitPacingKafkaTest {
  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createTopic("paced-in", 1, Map.of());
    kafka.createTopic("paced-out", 1, Map.of());
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void aFreshRecordIsCommittedLongBeforeKafkaStreamsOwnInterval() {
    Duration streamsInterval = Duration.ofMinutes(10);
    CommitPacing pacing = CommitPacing.between(Duration.ofMillis(50), streamsInterval);
    Topology topology = new Topology();
    topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "paced-in");
    topology.addProcessor(
        "upper",
        pacing.<String, String, String, String>pace(
            () ->
                new Processor<>() {
                  private ProcessorContext<String, String> context;

                  @Override
                  public void init(ProcessorContext<String, String> context) {
                    this.context = context;
                  }

                  @Override
                  public void process(Record<String, String> record) {
                    context.forward(record.withValue(record.value().toUpperCase()));
                  }
                }),
        "in");
    topology.addSink("out", "paced-out", new StringSerializer(), new StringSerializer(), "upper");

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-pacing-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, streamsInterval.toMillis());
    // Kafka Streams refuses a commit interval longer than the transaction timeout.
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        (int) Duration.ofMinutes(14).toMillis());
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    try (KafkaStreams streams = new KafkaStreams(topology, props);
        KafkaConsumer<String, String> reader = committedReader()) {
      streams.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> streams.state() == KafkaStreams.State.RUNNING);
      try (KafkaProducer<String, String> producer = producer()) {
        producer.send(new ProducerRecord<>("paced-in", "k", "hello"));
      }
      reader.subscribe(List.of("paced-out"));
      List<String> values = new ArrayList<>();
      // Without the pacing's request the output would stay uncommitted for ten minutes.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                  values.add(r.value());
                }
                return !values.isEmpty();
              });
      assertThat(values).containsExactly("HELLO");
    }
  }

  private static KafkaConsumer<String, String> committedReader() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "commit-pacing-reader",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(),
        new StringDeserializer());
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        new StringSerializer());
  }
}
