package io.crmerpsync.bench.stack;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.registry.RegistryConfig;
import io.crmerpsync.registry.SchemaRegistryServer;
import io.crmerpsync.streams.app.StreamsAppConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared parts the component measurements run against, each started on first use and stopped by
 * {@link #close()} newest first: a KRaft broker, the project's schema registry on it, and
 * PostgreSQL as the ERP. Every part takes free ports and its own directory under {@code dataDir}.
 *
 * <p>Limit: one instance of each; the end-to-end measurement starts its own whole pipeline instead.
 */
public final class BenchStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BenchStack.class);

  private final Path dataDir;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EmbeddedKafka kafka;
  private SchemaRegistryServer registry;
  private EmbeddedErpPostgres postgres;

  public BenchStack(Path dataDir) {
    this.dataDir = dataDir;
  }

  public synchronized EmbeddedKafka kafka() {
    if (kafka == null) {
      kafka = EmbeddedKafka.start(dir("kafka"));
      started.push(kafka);
    }
    return kafka;
  }

  public synchronized SchemaRegistryServer registry() {
    if (registry == null) {
      registry =
          SchemaRegistryServer.start(
              RegistryConfig.forKafka(kafka().bootstrapServers()), new SimpleMeterRegistry());
      started.push(registry);
    }
    return registry;
  }

  public synchronized EmbeddedErpPostgres postgres() {
    if (postgres == null) {
      postgres = EmbeddedErpPostgres.start(dir("postgres"));
      started.push(postgres);
    }
    return postgres;
  }

  /** The streams application's default settings, pointed at this stack's broker and registry. */
  public StreamsAppConfig streamsAppConfig() {
    return new StreamsAppConfig(
        Map.of(
            StreamsAppConfig.BOOTSTRAP_SERVERS,
            kafka().bootstrapServers(),
            StreamsAppConfig.SCHEMA_REGISTRY_URL,
            registry().baseUri().toString()));
  }

  /** A directory for {@code name} under the bench's data directory, created if missing. */
  public Path dir(String name) {
    try {
      return Files.createDirectories(dataDir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir.resolve(name), e);
    }
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("failed to stop {}: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
    kafka = null;
    registry = null;
    postgres = null;
  }
}
