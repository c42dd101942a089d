package io.crmerpsync.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;

/** All RocksDB stores of the process share one bounded cache, as streams.rocksdb.memory.mb says. */
class BoundedRocksDbMemoryTest {

  private static Properties properties(long megabytes) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsAppConfig.BOOTSTRAP_SERVERS, "unused:9092");
    settings.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, "http://unused:8081");
    settings.put(StreamsAppConfig.ROCKSDB_MEMORY_MB, Long.toString(megabytes));
    settings.put(
        StreamsAppConfig.STATE_DIR,
        Files.createTempDirectory(Path.of("target"), "rocksdb-memory").toString());
    Properties props = StreamsApp.streamsProperties(new StreamsAppConfig(settings));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rocksdb-memory-" + megabytes);
    props.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "INFO");
    return props;
  }

  /**
   * Two persistent stores fed from one topic: {@code first} takes every record, {@code second} only
   * the record keyed {@code second}.
   */
  private static Topology twoStores() {
    Topology topology = new Topology();
    topology.addSource(
        "in",
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.StringDeserializer(),
        "in");
    for (String store : new String[] {"first", "second"}) {
      topology.addProcessor(
          "write-" + store,
          () ->
              new Processor<Object, Object, Void, Void>() {
                private KeyValueStore<String, String> kv;

                @Override
                public void init(
                    org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> c) {
                  kv = c.getStateStore(store);
                }

                @Override
                public void process(Record<Object, Object> record) {
                  if (store.equals("first") || store.equals(record.key())) {
                    kv.put((String) record.key(), (String) record.value());
                  }
                }
              },
          "in");
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.String())
              .withCachingDisabled(),
          "write-" + store);
    }
    return topology;
  }

  /** A block-cache property each store reports (Kafka Streams' RocksDB property metrics). */
  private static Map<String, Object> blockCache(TopologyTestDriver driver, String property) {
    Map<String, Object> values = new HashMap<>();
    for (Map.Entry<MetricName, ? extends Metric> metric : driver.metrics().entrySet()) {
      MetricName name = metric.getKey();
      if (name.name().equals(property) && name.tags().containsKey("rocksdb-state-id")) {
        values.put(name.tags().get("rocksdb-state-id"), metric.getValue().metricValue());
      }
    }
    return values;
  }

  private static Map<String, Object> blockCacheCapacities(TopologyTestDriver driver) {
    return blockCache(driver, "block-cache-capacity");
  }

  /** Writes about 2 MiB to store {@code first} alone. */
  private static void fillFirstStore(TopologyTestDriver driver) {
    TestInputTopic<String, String> in =
        driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
    String value = "v".repeat(1024);
    for (int i = 0; i < 2_000; i++) {
      in.pipeInput("k" + i, value);
    }
  }

  private static long secondStoreCacheUsage(TopologyTestDriver driver) {
    return ((Number) blockCache(driver, "block-cache-usage").get("second")).longValue();
  }

  @Test
  void shouldGiveEveryStoreTheOneCacheOfTheConfiguredSize() throws Exception {
    try (TopologyTestDriver driver = new TopologyTestDriver(twoStores(), properties(8))) {
      TestInputTopic<String, String> in =
          driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
      in.pipeInput("k", "v");

      assertThat(driver.<String, String>getKeyValueStore("first").get("k")).isEqualTo("v");
      assertThat(blockCacheCapacities(driver))
          .containsOnlyKeys("first", "second")
          .allSatisfy(
              (store, capacity) ->
                  assertThat(((Number) capacity).longValue()).isEqualTo(8L * 1024 * 1024));
      long before = secondStoreCacheUsage(driver);

      fillFirstStore(driver);

      // The first store's memtable is charged to the one cache, which the second reports too.
      assertThat(secondStoreCacheUsage(driver)).isGreaterThan(before);
    }
  }

  @Test
  void shouldLeaveRocksDbsDefaultsWhenTheSettingIsZero() throws Exception {
    Properties props = properties(0);
    assertThat(props).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
    try (TopologyTestDriver driver = new TopologyTestDriver(twoStores(), props)) {
      driver
          .createInputTopic("in", new StringSerializer(), new StringSerializer())
          .pipeInput("k", "v");

      // Kafka Streams' default: a cache of 50 MiB for each store.
      assertThat(blockCacheCapacities(driver))
          .containsOnlyKeys("first", "second")
          .allSatisfy(
              (store, capacity) ->
                  assertThat(((Number) capacity).longValue()).isEqualTo(50L * 1024 * 1024));
      long before = secondStoreCacheUsage(driver);

      fillFirstStore(driver);

      assertThat(secondStoreCacheUsage(driver)).isEqualTo(before);
    }
  }

  @Test
  void shouldNameTheSettingWhenItIsMissingOrTooSmall() {
    BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    try (Options options = new Options()) {
      assertThatThrownBy(() -> setter.setConfig("s", options, Map.of()))
          .hasMessageContaining(BoundedRocksDbMemory.TOTAL_BYTES)
          .hasMessageContaining("streams.rocksdb.memory.mb");
      assertThatThrownBy(
              () -> setter.setConfig("s", options, Map.of(BoundedRocksDbMemory.TOTAL_BYTES, 1024L)))
          .hasMessageContaining("at least 1 MiB");
    }
  }
}
