package io.crmerpsync.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.streams.customer.ResyncRequest;
import io.crmerpsync.streams.topology.JsonSerde;
import io.crmerpsync.streams.topology.OrderNodes;
import io.crmerpsync.streams.topology.TopologyNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code resync customers} against a real KRaft broker: requests keyed like the golden record, and
 * {@code --all} finding the live customers in the canonical customers topic.
 */
class ResyncCommandTest {
  private static final int PARTITIONS = 2;
  private static final JsonSerde<ResyncRequest> REQUESTS = new JsonSerde<>(ResyncRequest.class);
  private static EmbeddedKafka kafka;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void startKafka() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "resync-cli"));
    kafka =
        EmbeddedKafka.start(
            Files.createTempDirectory(dir, "kafka"), Map.of("auto.create.topics.enable", "false"));
    kafka.createTopic(TopologyNames.CUSTOMER_CHANGES_TOPIC, PARTITIONS, Map.of());
    kafka.createTopic(Topics.CANONICAL_CUSTOMERS, PARTITIONS, Map.of());
    kafka.createTopic(Topics.RESYNC_REQUESTS_CUSTOMERS, PARTITIONS, Map.of());
    kafka.createTopic(Topics.CANONICAL_ORDERS, PARTITIONS, Map.of());
    kafka.createTopic(TopologyNames.ORDER_PARTS_BY_ORDER_TOPIC, PARTITIONS, Map.of());
    kafka.createTopic(Topics.RESYNC_REQUESTS_ORDERS, PARTITIONS, Map.of());
    OrderNodes us = new OrderNodes("crm-us", "crm-us");
    kafka.createTopic(us.partsTopic(), PARTITIONS, Map.of());
    kafka.createTopic(us.resyncRequestsTopic(), PARTITIONS, Map.of());
    // The canonical topic as the streams application leaves it: 42 and 44 live, 43 deleted, 42
    // written twice.
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      byte[] avro = {0, 0, 0, 0, 1, 2};
      producer.send(new ProducerRecord<>(Topics.CANONICAL_CUSTOMERS, "42", avro));
      producer.send(new ProducerRecord<>(Topics.CANONICAL_CUSTOMERS, "43", avro));
      producer.send(new ProducerRecord<>(Topics.CANONICAL_CUSTOMERS, "44", avro));
      producer.send(new ProducerRecord<>(Topics.CANONICAL_CUSTOMERS, "43", null));
      producer.send(new ProducerRecord<>(Topics.CANONICAL_CUSTOMERS, "42", avro));
      producer.send(new ProducerRecord<>(Topics.CANONICAL_ORDERS, "7", avro));
      producer.send(new ProducerRecord<>(Topics.CANONICAL_ORDERS, "crm-us:12", avro));
      producer.flush();
    }
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void shouldWriteOneRequestPerNamedCustomerKeyedLikeItsGoldenRecord() {
    int code = run("resync", "customers", "42", "ada@example.com", "42", "--reason", "restored");

    assertThat(code).as(errors()).isZero();
    assertThat(output())
        .contains("2 resync requests written to " + Topics.RESYNC_REQUESTS_CUSTOMERS);
    List<ConsumerRecord<String, ResyncRequest>> written = requests("restored");
    assertThat(written)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("42", "ada@example.com");
    assertThat(written)
        .allSatisfy(
            r -> {
              assertThat(r.value().reason()).isEqualTo("restored");
              assertThat(r.value().requestedBy()).isNotBlank();
            });
    // Keyed like the customer changes: the request meets the customer's golden record.
    assertThat(written)
        .filteredOn(r -> r.key().equals("42"))
        .singleElement()
        .satisfies(r -> assertThat(r.partition()).isEqualTo(partitionOf("42")));
  }

  @Test
  void shouldResyncEveryLiveCustomerOfTheCanonicalTopicWithAll() {
    int code =
        run("resync", "customers", "--all", "--reason", "iface tables truncated", "--by", "bob");

    assertThat(code).as(errors()).isZero();
    assertThat(output()).contains("2 live customers").contains("2 resync requests written");
    List<ConsumerRecord<String, ResyncRequest>> written = requests("iface tables truncated");
    assertThat(written).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("42", "44");
    assertThat(written).allSatisfy(r -> assertThat(r.value().requestedBy()).isEqualTo("bob"));
  }

  @Test
  void shouldRouteEachOrderToTheRequestsTopicOfItsCrmDatabaseKeyedByOrderId() {
    int code =
        run("resync", "orders", "7", "crm-us:12", "crm-us:13", "--reason", "orders restored");

    assertThat(code).as(errors()).isZero();
    assertThat(output())
        .contains("1 resync request written to " + Topics.RESYNC_REQUESTS_ORDERS)
        .contains(
            "2 resync requests written to "
                + new OrderNodes("crm-us", "crm-us").resyncRequestsTopic())
        .contains("3 in all");
    assertThat(requests(Topics.RESYNC_REQUESTS_ORDERS, "orders restored"))
        .extracting(ConsumerRecord::key)
        .containsExactly("7");
    assertThat(
            requests(new OrderNodes("crm-us", "crm-us").resyncRequestsTopic(), "orders restored"))
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("12", "13");
  }

  @Test
  void shouldResyncEveryLiveOrderOfEveryCrmDatabaseWithAll() {
    int code = run("resync", "orders", "--all", "--reason", "all orders");

    assertThat(code).as(errors()).isZero();
    assertThat(output()).contains("2 live orders");
    assertThat(requests(Topics.RESYNC_REQUESTS_ORDERS, "all orders"))
        .extracting(ConsumerRecord::key)
        .containsExactly("7");
    assertThat(requests(new OrderNodes("crm-us", "crm-us").resyncRequestsTopic(), "all orders"))
        .extracting(ConsumerRecord::key)
        .containsExactly("12");
  }

  @Test
  void shouldWriteAnOrderIdAsTheOrdersKeyIsWritten() {
    assertThat(run("resync", "orders", "007", "--reason", "leading zeros")).as(errors()).isZero();
    assertThat(requests(Topics.RESYNC_REQUESTS_ORDERS, "leading zeros"))
        .extracting(ConsumerRecord::key)
        .containsExactly("7");
  }

  @Test
  void shouldRefuseAnOrderKeyThatIsNotAnIdNamingIt() {
    assertThat(run("resync", "orders", "seven", "--reason", "bad")).isEqualTo(2);
    assertThat(errors()).contains("KEY must be an order id").contains("'seven'");
  }

  @Test
  void shouldRefuseKeysWithAllNeitherAndABadKeyNamingTheProblem() {
    assertThat(run("resync", "customers", "42", "--all", "--reason", "bad")).isEqualTo(2);
    assertThat(errors()).contains("--all takes no KEY");
    assertThat(run("resync", "customers", "--reason", "bad")).isEqualTo(2);
    assertThat(errors()).contains("name the customers to resync (KEY ...), or --all");
    assertThat(run("resync", "customers", "John Smith", "--reason", "bad")).isEqualTo(2);
    assertThat(errors()).contains("must be a customer key");
    assertThat(requests("bad")).isEmpty();
  }

  @Test
  void shouldRefuseARequestsTopicThatWouldNotMeetTheCustomers() throws Exception {
    // A cluster of its own, whose requests topic has fewer partitions than the customer changes.
    try (EmbeddedKafka other =
        EmbeddedKafka.start(
            Files.createTempDirectory(Path.of("target", "resync-cli"), "kafka"),
            Map.of("auto.create.topics.enable", "false"))) {
      other.createTopic(TopologyNames.CUSTOMER_CHANGES_TOPIC, PARTITIONS, Map.of());
      other.createTopic(Topics.RESYNC_REQUESTS_CUSTOMERS, 1, Map.of());

      int code =
          run(
              "resync",
              "customers",
              "42",
              "--reason",
              "x",
              "--bootstrap-servers",
              other.bootstrapServers());

      assertThat(code).isEqualTo(1);
      assertThat(errors())
          .contains(
              Topics.RESYNC_REQUESTS_CUSTOMERS
                  + " has 1 partitions but "
                  + TopologyNames.CUSTOMER_CHANGES_TOPIC
                  + " has 2")
          .contains("recreate");
    }
  }

  @Test
  void shouldSayWhenKafkaIsNotThere() {
    int code =
        run(
            "resync",
            "customers",
            "42",
            "--reason",
            "x",
            "--timeout",
            "2",
            "--bootstrap-servers",
            "127.0.0.1:1");

    assertThat(code).isEqualTo(1);
    assertThat(errors()).contains("cannot reach Kafka at 127.0.0.1:1 within 2 s");
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--bootstrap-servers")) {
      all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers()));
    }
    return Main.commandLine(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(all.toArray(String[]::new));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** The partition the default partitioner gives {@code key} on the customer changes' count. */
  private static int partitionOf(String key) {
    return org.apache.kafka.common.utils.Utils.toPositive(
            org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
        % PARTITIONS;
  }

  /** The customers' requests that give {@code reason} (each test its own). */
  private static List<ConsumerRecord<String, ResyncRequest>> requests(String reason) {
    return requests(Topics.RESYNC_REQUESTS_CUSTOMERS, reason);
  }

  /** The requests on {@code topic} that give {@code reason}. */
  private static List<ConsumerRecord<String, ResyncRequest>> requests(String topic, String reason) {
    List<ConsumerRecord<String, ResyncRequest>> records = new ArrayList<>();
    try (KafkaConsumer<String, ResyncRequest> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringDeserializer(),
            REQUESTS.deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    records.removeIf(r -> !r.value().reason().equals(reason));
    return records;
  }
}
