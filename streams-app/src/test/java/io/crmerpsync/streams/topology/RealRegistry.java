package io.crmerpsync.streams.topology;

import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.registry.RegistryConfig;
import io.crmerpsync.registry.SchemaRegistryServer;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's schema registry on a real KRaft broker, for topology tests: Avro goes through a
 * real registry as in production. One per test class.
 */
final class RealRegistry implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final SchemaRegistryServer server;
  private final SchemaRegistryClient client;

  private RealRegistry(EmbeddedKafka kafka, SchemaRegistryServer server) {
    this.kafka = kafka;
    this.server = server;
    this.client = new RestSchemaRegistryClient(server.baseUri().toString());
  }

  /** Starts a broker and a registry in a fresh directory under {@code target/<name>}. */
  static RealRegistry start(String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", name));
    EmbeddedKafka kafka = EmbeddedKafka.start(Files.createTempDirectory(dir, "kafka"));
    try {
      return new RealRegistry(
          kafka,
          SchemaRegistryServer.start(
              RegistryConfig.forKafka(kafka.bootstrapServers()), new SimpleMeterRegistry()));
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  SchemaRegistryClient client() {
    return client;
  }

  @Override
  public void close() {
    server.close();
    kafka.close();
  }
}
