package io.crmerpsync.registry;

import com.sun.net.httpserver.HttpServer;
import io.crmerpsync.registry.http.RestApi;
import io.crmerpsync.registry.store.RegistryState;
import io.crmerpsync.registry.store.SchemaLog;
import io.crmerpsync.registry.subjects.SubjectRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small schema registry for the embedded default: the Confluent Schema Registry REST API subset
 * that serializers and operators use, with Avro schemas only, stored in a compacted Kafka topic.
 *
 * <p>Start-up reads the whole topic before the HTTP port opens, so the first answer already knows
 * every schema and id. Writes are answered only once Kafka has acknowledged them.
 *
 * <p>Limits: one instance per topic (no leader election, no fencing: two instances could hand out
 * the same id); Avro only, no schema references; soft deletes only; no authentication or TLS, so it
 * listens on loopback by default. Production should point clients at a real registry.
 */
public final class SchemaRegistryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
  private static final int HTTP_QUEUE = 64;

  private final HttpServer http;
  private final ThreadPoolExecutor executor;
  private final SchemaLog schemaLog;
  private final URI baseUri;
  private final MeterRegistry meters;
  private final List<Meter> gauges;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SchemaRegistryServer(
      HttpServer http,
      ThreadPoolExecutor executor,
      SchemaLog schemaLog,
      URI baseUri,
      MeterRegistry meters,
      List<Meter> gauges) {
    this.http = http;
    this.executor = executor;
    this.schemaLog = schemaLog;
    this.baseUri = baseUri;
    this.meters = meters;
    this.gauges = gauges;
  }

  /**
   * Reads the registry topic (creating it if missing), then opens the HTTP port.
   *
   * @throws io.crmerpsync.registry.store.StoreException when Kafka is unreachable or the topic
   *     unusable
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static SchemaRegistryServer start(RegistryConfig config, MeterRegistry meters) {
    long started = System.nanoTime();
    RegistryState state = new RegistryState(config.defaultCompatibility());
    SchemaLog schemaLog = SchemaLog.open(config.logSettings(), state, meters);
    ThreadPoolExecutor executor = null;
    try {
      SubjectRegistry registry = new SubjectRegistry(state, schemaLog);
      executor = httpExecutor(config.httpThreads());
      HttpServer http =
          HttpServer.create(new InetSocketAddress(config.listenHost(), config.listenPort()), 0);
      http.setExecutor(executor);
      http.createContext("/", new RestApi(registry, schemaLog::readerFailure, meters));
      http.start();
      List<Meter> gauges =
          List.of(
              Gauge.builder("registry.schemas", state, RegistryState::schemaCount)
                  .description("Distinct schema ids known to the registry")
                  .tag("topic", config.topic())
                  .register(meters),
              Gauge.builder("registry.subjects", state, s -> s.subjects(false).size())
                  .description("Subjects with at least one live version")
                  .tag("topic", config.topic())
                  .register(meters));
      URI baseUri = baseUri(http.getAddress());
      log.info(
          "Schema registry serving {} from topic {} ({} subjects, {} schemas) after {} ms",
          baseUri,
          config.topic(),
          state.subjects(false).size(),
          state.schemaCount(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new SchemaRegistryServer(http, executor, schemaLog, baseUri, meters, gauges);
    } catch (IOException e) {
      shutDown(executor);
      schemaLog.close();
      throw new UncheckedIOException(
          "cannot listen on "
              + config.listenHost()
              + ":"
              + config.listenPort()
              + " (settings "
              + RegistryConfig.LISTEN_HOST
              + ", "
              + RegistryConfig.LISTEN_PORT
              + ")",
          e);
    } catch (RuntimeException e) {
      shutDown(executor);
      schemaLog.close();
      throw e;
    }
  }

  /** The address clients use, e.g. {@code http://127.0.0.1:38211}, without a trailing slash. */
  public URI baseUri() {
    return baseUri;
  }

  /** The bound HTTP port. */
  public int port() {
    return baseUri.getPort();
  }

  /** Stops serving (running requests may finish for up to 5 s), then closes the Kafka clients. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    // Let running requests finish first; HttpServer.stop(delay) would also wait for idle
    // keep-alive connections, up to the whole delay.
    shutDown(executor);
    http.stop(0);
    schemaLog.close();
    gauges.forEach(meters::remove);
    log.info(
        "Schema registry at {} stopped in {} ms",
        baseUri,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private static ThreadPoolExecutor httpExecutor(int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(HTTP_QUEUE),
            runnable -> {
              Thread thread = new Thread(runnable, "registry-http-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            // Overflow runs on the accepting thread: back-pressure instead of a dropped request.
            new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  private static void shutDown(ThreadPoolExecutor executor) {
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static URI baseUri(InetSocketAddress bound) {
    InetAddress address = bound.getAddress();
    // A wildcard bind is reachable on loopback; that is the address to hand to local clients.
    String host =
        address.isAnyLocalAddress()
            ? InetAddress.getLoopbackAddress().getHostAddress()
            : address.getHostAddress();
    try {
      return new URI("http", null, host, bound.getPort(), null, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot form the registry's address from " + bound, e);
    }
  }
}
