package io.crmerpsync.deploy.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.Worker;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.ConnectRestServer;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker in standalone mode, run inside this JVM: the same wiring as {@code
 * org.apache.kafka.connect.cli.ConnectStandalone} of Kafka 4.3.1, without its {@code Exit.exit} on
 * failure, so that the embedded pipeline and tests can start, query and stop it.
 *
 * <p>Plugins are found with {@code plugin.discovery=service_load} on the class path (about a second
 * instead of a full scan). The REST API listens on a free loopback port ({@link #restUri()}), so
 * {@code GET /connectors/{name}/status} works as on any worker. Source offsets go to a file under
 * the work directory; sink connectors keep theirs as consumer-group offsets in Kafka.
 *
 * <p>Limits: one worker, connector configs are not persisted (create them again after a restart),
 * plain HTTP on loopback only. Run a distributed Connect cluster for production (see {@code
 * deploy/connect/erp-sink-postgres.json}).
 */
public final class ConnectWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConnectWorker.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final Connect<StandaloneHerder> connect;
  private final URI restUri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ConnectWorker(Connect<StandaloneHerder> connect, URI restUri) {
    this.connect = connect;
    this.restUri = restUri;
  }

  /**
   * Starts a worker against {@code bootstrapServers}, keeping its files (source offsets) in {@code
   * workDir}.
   *
   * @throws ConnectException when the worker cannot start (Kafka unreachable, port trouble); what
   *     was started is stopped again
   */
  public static ConnectWorker start(String bootstrapServers, Path workDir) {
    long begin = System.nanoTime();
    Path dir = createDirectory(workDir);
    Map<String, String> props = workerProps(bootstrapServers, dir);

    Plugins plugins = new Plugins(props);
    // As ConnectStandalone does: plugin classes resolve through the delegating loader while the
    // worker is wired. The caller's thread gets its own loader back afterwards.
    ClassLoader callerLoader = plugins.compareAndSwapWithDelegatingLoader();
    ConnectRestServer rest = null;
    try {
      StandaloneConfig config = new StandaloneConfig(props);
      String clusterId = config.kafkaClusterId();
      RestClient restClient = new RestClient(config);
      rest = new ConnectRestServer(config.rebalanceTimeout(), restClient, config.originals());
      rest.initializeServer();
      URI advertised = rest.advertisedUrl();
      String workerId = advertised.getHost() + ":" + advertised.getPort();

      ConnectorClientConfigOverridePolicy overridePolicy =
          plugins.newPlugin(
              config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG),
              config,
              ConnectorClientConfigOverridePolicy.class);
      FileOffsetBackingStore offsets =
          new FileOffsetBackingStore(
              plugins.newInternalConverter(
                  true, JsonConverter.class.getName(), Map.of("schemas.enable", "false")));
      offsets.configure(config);
      Worker worker = new Worker(workerId, Time.SYSTEM, plugins, config, offsets, overridePolicy);
      StandaloneHerder herder = new StandaloneHerder(worker, clusterId, overridePolicy);
      Connect<StandaloneHerder> connect = new Connect<>(herder, rest);
      connect.start();
      herder.ready();
      log.info(
          "Connect worker {} started in {} ms (Kafka cluster {}, REST {})",
          workerId,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
          clusterId,
          advertised);
      return new ConnectWorker(connect, advertised);
    } catch (RuntimeException e) {
      if (rest != null) {
        stopQuietly(rest);
      }
      throw new ConnectException("cannot start the Connect worker for " + bootstrapServers, e);
    } finally {
      Plugins.compareAndSwapLoaders(callerLoader);
    }
  }

  private static Map<String, String> workerProps(String bootstrapServers, Path dir) {
    Map<String, String> props = new HashMap<>();
    props.put(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Worker-wide defaults only; every connector of this project names its own converters.
    props.put(WorkerConfig.KEY_CONVERTER_CLASS_CONFIG, JsonConverter.class.getName());
    props.put(WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG, JsonConverter.class.getName());
    props.put(
        StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG,
        dir.resolve("connect.offsets").toString());
    // For a sink this is how often consumer offsets are committed after put() succeeded: a crash
    // re-delivers at most this much, which the ERP sink's version fence then skips.
    props.put(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG, "2000");
    props.put(WorkerConfig.PLUGIN_DISCOVERY_CONFIG, "service_load");
    // The commands come from the streams application's exactly-once transactions: a sink must
    // never apply a command of an aborted one (Connect's sink consumers read uncommitted data
    // unless told otherwise). Costs up to one streams commit interval of latency.
    props.put("consumer.isolation.level", "read_committed");
    props.put("listeners", "http://127.0.0.1:0");
    props.put("rest.advertised.host.name", "127.0.0.1");
    props.put("task.shutdown.graceful.timeout.ms", "10000");
    // Lets connector configs say ${env:NAME}, as deploy/connect/erp-sink-postgres.json does.
    props.put("config.providers", "env");
    props.put(
        "config.providers.env.class",
        "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    return props;
  }

  /**
   * Creates (or replaces) connector {@code name} with {@code config} and returns once the worker
   * accepted it; its tasks start right after. Watch {@link #connectorState} and {@link #taskStates}
   * to see them run.
   *
   * @throws IllegalArgumentException when Connect refuses the configuration (the message lists
   *     which settings are wrong)
   */
  public void createConnector(String name, Map<String, String> config) {
    Map<String, String> withName = new HashMap<>(config);
    withName.put("name", name);
    FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
    connect.herder().putConnectorConfig(name, withName, true, done);
    try {
      Herder.Created<ConnectorInfo> created =
          done.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.info(
          "Connector {} {} with {} task(s)",
          name,
          created.created() ? "created" : "updated",
          created.result().tasks().size());
    } catch (ExecutionException e) {
      throw new IllegalArgumentException(
          "Connect refused connector " + name + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new ConnectException("timed out creating connector " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while creating connector " + name, e);
    }
  }

  /**
   * The connector's state as Connect reports it: {@code UNASSIGNED}, {@code RUNNING}, {@code
   * PAUSED}, {@code STOPPED}, {@code FAILED} or {@code RESTARTING}.
   *
   * @throws IllegalArgumentException when there is no such connector
   */
  public String connectorState(String name) {
    return status(name).connector().state();
  }

  /** The state of each task of the connector, by task id; empty before tasks are assigned. */
  public List<String> taskStates(String name) {
    return status(name).tasks().stream()
        .sorted()
        .map(ConnectorStateInfo.AbstractState::state)
        .toList();
  }

  private ConnectorStateInfo status(String name) {
    try {
      return connect.herder().connectorStatus(name);
    } catch (NotFoundException e) {
      throw new IllegalArgumentException("no connector named " + name + " on this worker", e);
    }
  }

  /** Base URI of the worker's REST API, e.g. {@code http://127.0.0.1:40123/}. */
  public URI restUri() {
    return restUri;
  }

  /** Stops connectors, tasks and the REST server; calling it again does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long begin = System.nanoTime();
    connect.stop();
    log.info(
        "Connect worker stopped in {} ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
  }

  private static Path createDirectory(Path workDir) {
    try {
      return Files.createDirectories(workDir.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Connect work directory " + workDir, e);
    }
  }

  private static void stopQuietly(ConnectRestServer rest) {
    try {
      rest.stop();
    } catch (RuntimeException e) {
      log.debug("REST server did not stop cleanly after a failed start: {}", e.toString());
    }
  }
}
