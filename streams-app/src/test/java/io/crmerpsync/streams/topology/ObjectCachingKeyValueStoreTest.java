package io.crmerpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ObjectCachingKeyValueStore} in a real Kafka Streams task (TopologyTestDriver commits after
 * every input record): what a processor reads and writes between two commits, what reaches the
 * changelog at the commit, and how many times values are serialized and deserialized.
 */
class ObjectCachingKeyValueStoreTest {
  private static final String STORE = "cached";
  private static final String APP = "object-cache-test";
  private final AtomicInteger serialized = new AtomicInteger();
  private final AtomicInteger deserialized = new AtomicInteger();
  private final List<String> seen = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, String> commands;
  private TestOutputTopic<String, String> changelog;

  /**
   * Runs commands on the store, one record each, separated by ';': {@code put k v}, {@code del k},
   * {@code get k} and {@code all}; what get and all see goes to {@link #seen}.
   */
  private final class Commands implements Processor<String, String, Void, Void> {
    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, String> record) {
      for (String command : record.value().split(";")) {
        String[] words = command.trim().split(" ");
        switch (words[0]) {
          case "put" -> store.put(words[1], words[2]);
          case "del" -> store.delete(words[1]);
          case "get" -> seen.add(words[1] + "=" + store.get(words[1]));
          case "all" -> {
            List<String> all = new ArrayList<>();
            try (KeyValueIterator<String, String> it = store.all()) {
              it.forEachRemaining(kv -> all.add(kv.key + "=" + kv.value));
            }
            seen.add(String.join(",", all));
          }
          default -> throw new IllegalArgumentException(command);
        }
      }
    }
  }

  private Serde<String> countingValues() {
    Serde<String> strings = Serdes.String();
    return Serdes.serdeFrom(
        (topic, value) -> {
          serialized.incrementAndGet();
          return strings.serializer().serialize(topic, value);
        },
        (topic, bytes) -> {
          deserialized.incrementAndGet();
          return strings.deserializer().deserialize(topic, bytes);
        });
  }

  @BeforeEach
  void start() throws Exception {
    Topology topology = new Topology();
    topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "commands");
    topology.addProcessor("commands", Commands::new, "in");
    topology.addStateStore(
        ObjectCachingKeyValueStore.wrap(
            Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(STORE), Serdes.String(), countingValues())
                .withCachingDisabled(),
            2),
        "commands");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "object-cache-test")), "state")
            .toString());
    driver = new TopologyTestDriver(topology, props);
    commands = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
    changelog =
        driver.createOutputTopic(
            APP + "-" + STORE + "-changelog", new StringDeserializer(), new StringDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldWriteAKeyChangedSeveralTimesBetweenCommitsDownOnceAtTheCommit() {
    commands.pipeInput("a", "put a 1; get a; put a 2; get a; put a 3");

    assertThat(seen).containsExactly("a=1", "a=2");
    assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("a", "3"));
    assertThat(serialized).hasValue(1);
    assertThat(deserialized).hasValue(0);
  }

  @Test
  void shouldAnswerAReadOfAKeyWrittenInAnEarlierCommitWithoutDeserializing() {
    commands.pipeInput("a", "put a 1");
    commands.pipeInput("a", "get a; put a 2");

    assertThat(seen).containsExactly("a=1");
    assertThat(changelog.readKeyValuesToList())
        .containsExactly(KeyValue.pair("a", "1"), KeyValue.pair("a", "2"));
    assertThat(deserialized).hasValue(0);
    assertThat(driver.<String, String>getKeyValueStore(STORE).get("a")).isEqualTo("2");
  }

  @Test
  void shouldShowAnIterationEveryValueWrittenBeforeIt() {
    commands.pipeInput("a", "put a 1; put b 2; del a; put c 3; all");

    // At most two entries are held: the eldest (a, deleted) was written down when c arrived.
    assertThat(seen).containsExactly("b=2,c=3");
    assertThat(changelog.readKeyValuesToList())
        .extracting(kv -> kv.key + "=" + kv.value)
        .contains("b=2", "c=3");
  }

  @Test
  void shouldWriteTheEldestChangedValueDownWhenItHoldsTooManyAndReadItBackLater() {
    commands.pipeInput("a", "put a 1; put b 2; put c 3; get a");

    assertThat(seen).containsExactly("a=1");
    // a left the two held entries for c and was read back from the store below.
    assertThat(deserialized).hasValue(1);
    assertThat(changelog.readKeyValuesToList().stream().map(kv -> kv.key + "=" + kv.value).toList())
        .containsExactlyInAnyOrder("a=1", "b=2", "c=3");
  }

  @Test
  void shouldDeleteAKeyAndWriteATombstoneAtTheCommit() {
    commands.pipeInput("a", "put a 1");
    commands.pipeInput("a", "del a; get a");

    assertThat(seen).containsExactly("a=null");
    List<KeyValue<String, String>> logged = changelog.readKeyValuesToList();
    assertThat(logged).containsExactly(KeyValue.pair("a", "1"), KeyValue.pair("a", null));
    assertThat(driver.<String, String>getKeyValueStore(STORE).get("a")).isNull();
  }
}
