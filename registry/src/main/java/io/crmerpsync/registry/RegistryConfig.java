package io.crmerpsync.registry;

import io.crmerpsync.registry.compat.CompatibilityLevel;
import io.crmerpsync.registry.store.LogSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every setting of the schema registry, defined once with type, default, validation and doc.
 *
 * <p>{@link #from(Map)} validates and parses everything into typed fields; a bad value fails with a
 * {@link ConfigException} that names the setting, the value and what is allowed.
 */
public final class RegistryConfig {

  public static final String LISTEN_HOST = "registry.listen.host";
  public static final String LISTEN_PORT = "registry.listen.port";
  public static final String HTTP_THREADS = "registry.http.threads";
  public static final String BOOTSTRAP_SERVERS = "registry.kafka.bootstrap.servers";
  public static final String KAFKA_TIMEOUT_MS = "registry.kafka.timeout.ms";
  public static final String TOPIC = "registry.topic";
  public static final String TOPIC_REPLICATION_FACTOR = "registry.topic.replication.factor";
  public static final String DEFAULT_COMPATIBILITY = "registry.default.compatibility";

  /** The registry topic's default name, versioned like every topic of the project. */
  public static final String DEFAULT_TOPIC = "sync.registry.schemas.v1";

  private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /** The definition of every setting. */
  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              LISTEN_HOST,
              Type.STRING,
              "127.0.0.1",
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Address the HTTP server binds to. Loopback by default: the registry has no"
                  + " authentication.")
          .define(
              LISTEN_PORT,
              Type.INT,
              0,
              Range.between(0, 65_535),
              Importance.HIGH,
              "TCP port of the HTTP server; 0 takes a free port (read it back with port()).")
          .define(
              HTTP_THREADS,
              Type.INT,
              4,
              Range.between(1, 64),
              Importance.LOW,
              "Threads serving HTTP requests. When all are busy and the queue is full, the"
                  + " accepting thread serves the request itself, which slows new connections"
                  + " down instead of dropping them.")
          .define(
              BOOTSTRAP_SERVERS,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Kafka bootstrap servers (host:port,...) of the cluster holding the registry topic.")
          .define(
              KAFKA_TIMEOUT_MS,
              Type.LONG,
              30_000L,
              Range.atLeast(1_000),
              Importance.MEDIUM,
              "Bound on each Kafka operation: topic creation, reading the topic at startup, and"
                  + " a write with its acknowledgement.")
          .define(
              TOPIC,
              Type.STRING,
              DEFAULT_TOPIC,
              topicName(),
              Importance.HIGH,
              "Compacted single-partition topic holding schemas and compatibility settings."
                  + " Created if missing. One registry instance per topic.")
          .define(
              TOPIC_REPLICATION_FACTOR,
              Type.SHORT,
              (short) 1,
              Range.between(1, Short.MAX_VALUE),
              Importance.MEDIUM,
              "Replication factor used when the registry creates its topic.")
          .define(
              DEFAULT_COMPATIBILITY,
              Type.STRING,
              CompatibilityLevel.BACKWARD.name(),
              ConfigDef.CaseInsensitiveValidString.in(
                  Arrays.stream(CompatibilityLevel.values())
                      .map(Enum::name)
                      .toArray(String[]::new)),
              Importance.MEDIUM,
              "Global compatibility level until one is set through PUT /config (which then"
                  + " wins, also after restarts). One of "
                  + CompatibilityLevel.allowedNames()
                  + ".");

  private final String listenHost;
  private final int listenPort;
  private final int httpThreads;
  private final String bootstrapServers;
  private final Duration kafkaTimeout;
  private final String topic;
  private final short replicationFactor;
  private final CompatibilityLevel defaultCompatibility;

  private RegistryConfig(AbstractConfig parsed) {
    this.listenHost = parsed.getString(LISTEN_HOST).trim();
    this.listenPort = parsed.getInt(LISTEN_PORT);
    this.httpThreads = parsed.getInt(HTTP_THREADS);
    this.bootstrapServers = parsed.getString(BOOTSTRAP_SERVERS).trim();
    this.kafkaTimeout = Duration.ofMillis(parsed.getLong(KAFKA_TIMEOUT_MS));
    this.topic = parsed.getString(TOPIC);
    this.replicationFactor = parsed.getShort(TOPIC_REPLICATION_FACTOR);
    this.defaultCompatibility =
        CompatibilityLevel.valueOf(
            parsed.getString(DEFAULT_COMPATIBILITY).trim().toUpperCase(Locale.ROOT));
  }

  /**
   * Validates and parses settings. Unknown keys are ignored, so one map can configure several
   * components.
   *
   * @throws ConfigException naming the bad setting, its value and what is allowed
   */
  public static RegistryConfig from(Map<String, ?> settings) {
    return new RegistryConfig(new AbstractConfig(CONFIG_DEF, settings, false));
  }

  /** Defaults everywhere, with the given Kafka cluster. */
  public static RegistryConfig forKafka(String bootstrapServers) {
    return from(Map.of(BOOTSTRAP_SERVERS, bootstrapServers));
  }

  public String listenHost() {
    return listenHost;
  }

  public int listenPort() {
    return listenPort;
  }

  public int httpThreads() {
    return httpThreads;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Duration kafkaTimeout() {
    return kafkaTimeout;
  }

  public String topic() {
    return topic;
  }

  public short replicationFactor() {
    return replicationFactor;
  }

  public CompatibilityLevel defaultCompatibility() {
    return defaultCompatibility;
  }

  /** The settings of the Kafka log. */
  public LogSettings logSettings() {
    return new LogSettings(bootstrapServers, topic, replicationFactor, kafkaTimeout);
  }

  private static ConfigDef.Validator topicName() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null || !LEGAL_TOPIC.matcher(value.toString()).matches()) {
          throw new ConfigException(
              name,
              value,
              "a topic name is 1 to 249 characters of ASCII letters, digits, '.', '_' and '-'");
        }
      }

      @Override
      public String toString() {
        return "[a-zA-Z0-9._-]{1,249}";
      }
    };
  }
}
