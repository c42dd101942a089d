package io.crmerpsync.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single Kafka node (KRaft, combined broker and controller) running inside this JVM on 127.0.0.1,
 * for the embedded default and for tests.
 *
 * <p>Every internal topic has replication factor 1 and min ISR 1, so transactions and {@code
 * exactly_once_v2} work on one node. The data directory is formatted on first use and reused on
 * later starts, so topics and their records survive a restart; the ports of the previous run are
 * taken again when they are still free, so clients that kept the old bootstrap address reconnect.
 *
 * <p>Limits: one node, PLAINTEXT only, no authentication; not for production traffic. Stop any
 * client that runs its own threads (Debezium engine, Streams) before closing the broker, or those
 * threads keep retrying against a dead address.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String PORTS_FILE = "embedded-kafka-ports.properties";
  private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Admin admin;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Starts a node whose logs and metadata live under {@code dataDir} (created if missing). */
  public static EmbeddedKafka start(Path dataDir) {
    return start(dataDir, Map.of());
  }

  /**
   * Starts a node like {@link #start(Path)}, with broker settings in {@code overrides} replacing
   * the defaults (for example {@code auto.create.topics.enable=false}).
   */
  public static EmbeddedKafka start(Path dataDir, Map<String, String> overrides) {
    long started = System.nanoTime();
    try {
      Path absolute = dataDir.toAbsolutePath();
      Files.createDirectories(absolute);
      Ports ports = Ports.reuseOrPick(absolute.resolve(PORTS_FILE));
      Map<String, String> settings = brokerSettings(absolute.resolve("logs"), ports);
      settings.putAll(overrides);
      Path propertiesFile = writeProperties(absolute.resolve("server.properties"), settings);
      formatIfNew(absolute.resolve("logs"), propertiesFile);

      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(settings, false), Time.SYSTEM);
      server.startup();
      String bootstrap = "127.0.0.1:" + ports.broker();
      log.info(
          "Embedded Kafka started at {} (data {}) in {} ms",
          bootstrap,
          absolute,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new EmbeddedKafka(server, bootstrap);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDir, e);
    }
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Creates a topic with replication factor 1 unless it exists, and waits until every partition has
   * a leader. An existing topic is left as it is (its partitions and configs are not compared).
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
    try {
      admin
          .createTopics(List.of(topic))
          .all()
          .get(TOPIC_READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topic " + name, e);
    }
    awaitLeaders(name);
  }

  /** Stops the node and waits for its threads to end; calling it again does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    admin.close(Duration.ofSeconds(5));
    server.shutdown();
    server.awaitShutdown();
    log.info("Embedded Kafka at {} stopped", bootstrapServers);
  }

  // A topic is usable by producers only once its partitions have leaders; creation returns
  // when the controller committed the record, which can be a moment earlier.
  private void awaitLeaders(String name) {
    long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        TopicDescription description =
            admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
        if (description.partitions().stream()
            .map(TopicPartitionInfo::leader)
            .allMatch(l -> l != null)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("cannot describe topic " + name, e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + name, e);
      }
      pause();
    }
    throw new IllegalStateException(
        "topic " + name + " has no leader after " + TOPIC_READY_TIMEOUT);
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Map<String, String> brokerSettings(Path logDir, Ports ports) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("process.roles", "broker,controller");
    s.put("node.id", "1");
    s.put("controller.quorum.voters", "1@127.0.0.1:" + ports.controller());
    s.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + ports.broker()
            + ",CONTROLLER://127.0.0.1:"
            + ports.controller());
    s.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.broker());
    s.put("controller.listener.names", "CONTROLLER");
    s.put("inter.broker.listener.name", "PLAINTEXT");
    s.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    s.put("log.dirs", logDir.toString());
    // One node: every internal topic must be satisfiable with a single replica.
    s.put("offsets.topic.replication.factor", "1");
    s.put("offsets.topic.num.partitions", "5");
    s.put("transaction.state.log.replication.factor", "1");
    s.put("transaction.state.log.min.isr", "1");
    s.put("transaction.state.log.num.partitions", "5");
    s.put("share.coordinator.state.topic.replication.factor", "1");
    s.put("share.coordinator.state.topic.min.isr", "1");
    s.put("default.replication.factor", "1");
    s.put("min.insync.replicas", "1");
    s.put("num.partitions", "1");
    // Tests and the embedded default should not wait for late group members.
    s.put("group.initial.rebalance.delay.ms", "0");
    // Two cores: fewer threads and a small cleaner buffer (default 128 MiB) keep start fast.
    s.put("num.network.threads", "2");
    s.put("num.io.threads", "2");
    s.put("num.recovery.threads.per.data.dir", "1");
    s.put("background.threads", "2");
    s.put("log.cleaner.threads", "1");
    s.put("log.cleaner.dedupe.buffer.size", String.valueOf(8L * 1024 * 1024));
    s.put("log.cleaner.backoff.ms", "1000");
    return s;
  }

  private static Path writeProperties(Path file, Map<String, String> settings) throws IOException {
    Properties properties = new Properties();
    properties.putAll(settings);
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, "written by EmbeddedKafka at every start");
    }
    return file;
  }

  // StorageTool.main calls System.exit; execute returns a code instead.
  private static void formatIfNew(Path logDir, Path propertiesFile) throws IOException {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      code =
          StorageTool.execute(
              new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", propertiesFile.toString()
              },
              out);
    }
    if (code != 0) {
      throw new IllegalStateException(
          "formatting Kafka storage in "
              + logDir
              + " failed ("
              + code
              + "): "
              + output.toString(StandardCharsets.UTF_8));
    }
  }

  /** Listener ports, remembered in the data directory so a restart can take them again. */
  private record Ports(int broker, int controller) {

    static Ports reuseOrPick(Path file) throws IOException {
      Properties previous = new Properties();
      if (Files.exists(file)) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          previous.load(reader);
        }
      }
      int broker = FreePorts.preferOrNext(Integer.parseInt(previous.getProperty("broker", "0")));
      int controller =
          FreePorts.preferOrNext(Integer.parseInt(previous.getProperty("controller", "0")));
      while (controller == broker) {
        controller = FreePorts.next();
      }
      Properties current = new Properties();
      current.setProperty("broker", String.valueOf(broker));
      current.setProperty("controller", String.valueOf(controller));
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        current.store(writer, "ports of the last EmbeddedKafka start");
      }
      return new Ports(broker, controller);
    }
  }
}
