package io.crmerpsync.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.streams.customer.ConflictResolution;
import io.crmerpsync.streams.customer.CustomerConflict;
import io.crmerpsync.streams.topology.JsonSerde;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code conflicts list} and {@code conflicts resolve} against a real KRaft broker, with conflicts
 * written to {@code sync.conflicts.v1} as the streams application writes them.
 */
class ConflictsCommandTest {
  private static final int PARTITIONS = 2;
  private static EmbeddedKafka kafka;
  private static final JsonSerde<ConflictResolution> RESOLUTIONS =
      new JsonSerde<>(ConflictResolution.class);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void startKafka() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "conflicts-cli"));
    kafka =
        EmbeddedKafka.start(
            Files.createTempDirectory(dir, "kafka"), Map.of("auto.create.topics.enable", "false"));
    for (String topic :
        List.of(
            Topics.CONFLICTS, Topics.CONFLICT_RESOLUTIONS, TopologyNames.CUSTOMER_CHANGES_TOPIC)) {
      kafka.createTopic(topic, PARTITIONS, Map.of());
    }
    CustomerConflict street =
        conflict(42, "street", TextNode.valueOf("2 CRM Street"), TextNode.valueOf("3 ERP Avenue"));
    CustomerConflict city =
        conflict(43, "city", TextNode.valueOf("York"), TextNode.valueOf("Hull"));
    CustomerConflict terms =
        conflict(44, "payment_terms_days", IntNode.valueOf(30), IntNode.valueOf(60));
    try (KafkaProducer<String, CustomerConflict> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new JsonSerde<>(CustomerConflict.class).serializer())) {
      for (CustomerConflict conflict :
          List.of(
              street,
              city,
              city.closed(
                  CustomerConflict.Status.RESOLVED, "operator resolution: bob took crm", 5_000),
              terms)) {
        producer.send(new ProducerRecord<>(Topics.CONFLICTS, conflict.customerId(), conflict));
      }
      producer.flush();
    }
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  private static CustomerConflict conflict(
      long customerId,
      String field,
      com.fasterxml.jackson.databind.JsonNode crmValue,
      com.fasterxml.jackson.databind.JsonNode erpValue) {
    return new CustomerConflict(
        "customer",
        Long.toString(customerId),
        field,
        "review: crm and erp edited " + field + " 1 ms apart",
        JsonNodeFactory.instance.textNode("1 Old Road"),
        "crm",
        crmValue,
        1_700_000_000_200L,
        "erp",
        erpValue,
        1_700_000_000_201L,
        "erp@" + customerId + "/201",
        System.currentTimeMillis() - Duration.ofMinutes(3).toMillis(),
        CustomerConflict.Status.OPEN,
        null,
        0);
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

  /** Runs {@code conflicts resolve KEY --field FIELD --take TAKE} with {@code more} options. */
  private int resolve(String key, String field, String take, String... more) {
    List<String> args = new ArrayList<>(List.of("conflicts", "resolve", key));
    args.addAll(List.of("--field", field, "--take", take));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Every resolution on the resolutions topic, by customer key. */
  private static List<ConsumerRecord<String, ConflictResolution>> resolutions() {
    List<ConsumerRecord<String, ConflictResolution>> records = new ArrayList<>();
    try (KafkaConsumer<String, ConflictResolution> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringDeserializer(),
            RESOLUTIONS.deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(Topics.CONFLICT_RESOLUTIONS, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  @Test
  void shouldListTheOpenConflictsWithBothValuesTheirSourcesAndAge() {
    int code = run("conflicts", "list");

    assertThat(code).isZero();
    assertThat(output())
        .contains("2 open conflicts")
        .contains("customer 42  customer.street  open for 3m0")
        .containsPattern("crm +\"2 CRM Street\" +committed 2023-11-14T22:13:20.200Z")
        .containsPattern("erp +\"3 ERP Avenue\" +committed 2023-11-14T22:13:20.201Z")
        .contains("held meanwhile: \"1 Old Road\"")
        .contains("(conflict erp@42/201)")
        .contains("customer 44  customer.payment_terms_days")
        .doesNotContain("customer 43");
  }

  @Test
  void shouldSayHowTheConflictOfACustomerEndedWhenNoneIsOpen() {
    int code = run("conflicts", "list", "--key", "43");

    assertThat(code).isZero();
    assertThat(output())
        .contains("no open conflicts for customer 43")
        .contains("city: RESOLVED at 1970-01-01T00:00:05Z (operator resolution: bob took crm)");
  }

  @Test
  void shouldWriteAResolutionThatNamesTheOpenConflictKeyedByTheCustomer() {
    int code = resolve("42", "street", "erp", "--reason", "confirmed by phone", "--by", "alice");

    assertThat(code).as(errors()).isZero();
    assertThat(output())
        .contains("customer 42 street takes erp (\"3 ERP Avenue\")")
        .contains("audit --table customers --key 42");
    assertThat(resolutions())
        .filteredOn(r -> r.key().equals("42"))
        .singleElement()
        .satisfies(
            r -> {
              ConflictResolution resolution = r.value();
              assertThat(resolution.conflictId()).isEqualTo("erp@42/201");
              assertThat(resolution.field()).isEqualTo("street");
              assertThat(resolution.take()).isEqualTo("erp");
              assertThat(resolution.resolvedBy()).isEqualTo("alice");
              assertThat(resolution.reason()).isEqualTo("confirmed by phone");
              assertThat(resolution.resolvedAtMs()).isPositive();
            });
  }

  @Test
  void shouldWriteAnOperatorsNumberAsANumber() {
    int code =
        resolve(
            "44", "payment_terms_days", "value", "--value", "45", "--reason", "contract says 45");

    assertThat(code).as(errors()).isZero();
    assertThat(resolutions())
        .filteredOn(r -> r.key().equals("44"))
        .singleElement()
        .satisfies(r -> assertThat(r.value().value().isIntegralNumber()).isTrue());
  }

  @Test
  void shouldRefuseToResolveAConflictThatIsNoLongerOpenAndWriteNothing() {
    int code = resolve("43", "city", "erp", "--reason", "why");

    assertThat(code).isEqualTo(1);
    assertThat(errors())
        .contains("nothing to resolve: the conflict on city of customer 43 is city: RESOLVED");
    assertThat(resolutions()).noneMatch(r -> r.key().equals("43"));
  }

  @Test
  void shouldNameTheOpenFieldsWhenAskedToResolveAnotherOne() {
    int code = resolve("42", "city", "erp", "--reason", "why");

    assertThat(code).isEqualTo(1);
    assertThat(errors())
        .contains("customer 42 has no conflict on city; open conflicts are on street");
  }

  @Test
  void shouldRejectBadArgumentsNamingTheProblem() {
    assertThat(run("conflicts", "list", "--key", "abc")).isEqualTo(Main.CONFIG_ERROR);
    assertThat(resolve("42", "shoe_size", "erp", "--reason", "x")).isEqualTo(Main.CONFIG_ERROR);
    assertThat(resolve("42", "street", "crm-eu", "--reason", "x")).isEqualTo(Main.CONFIG_ERROR);
    assertThat(resolve("44", "payment_terms_days", "value", "--value", "sixty", "--reason", "x"))
        .isEqualTo(Main.CONFIG_ERROR);

    assertThat(errors())
        .contains(
            "--key must be a customer key: a customer id (a whole number), or the business key"
                + " customers are matched by (an email or tax id), was 'abc'")
        .contains("unknown field 'shoe_size' of customer")
        .contains("--take must be crm, erp or value for this conflict, was 'crm-eu'")
        .contains("--value 'sixty' is not a number, as the values of payment_terms_days are");
  }

  @Test
  void shouldSayWhenKafkaCannotBeReached() {
    int code = run("conflicts", "list", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "2");

    assertThat(code).isEqualTo(1);
    assertThat(errors())
        .contains("error: cannot reach Kafka at 127.0.0.1:1 within 2 s")
        .doesNotContain("Exception");
  }
}
