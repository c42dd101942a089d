package io.crmerpsync.cdc.capture;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the CRM database's changes with the Debezium embedded engine and writes them to the raw
 * change topics described in {@link RawChangeContract}: snapshot first, then the binlog (or, with
 * {@code crm.connector=postgres}, PostgreSQL's logical decoding through a replication slot).
 *
 * <p>Delivery is at least once: a batch is acknowledged to Debezium only after Kafka acknowledged
 * every write of it, and offsets (in Kafka) cover only acknowledged batches, so a crash or a failed
 * write replays, never loses. Schema history is kept in Kafka too.
 *
 * <p>Failures stop the source: {@link #termination()} completes exceptionally, {@link #isRunning()}
 * turns false and the cause is logged at ERROR. A purged binlog position surfaces as {@link
 * LostBinlogPositionException}, whose message names the runbook step. The owner must still call
 * {@link #close()} (it stops the producer, whose threads would keep the JVM alive).
 *
 * <p>Limit: one engine per source database and server id; MySQL via {@code crm.connector=mysql} is
 * configured the same way but not tested here (no MySQL server on these machines).
 */
public final class CdcSource implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CdcSource.class);
  private static final Duration START_WAIT_ON_CLOSE = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private static final List<String> LOST_POSITION_MESSAGES =
      List.of(
          "no longer available on the server",
          "have been already purged",
          "binlog files have been purged",
          "has purged binary logs containing GTIDs",
          "Could not find first log file name in binary log index file");

  private final CdcSourceConfig config;
  private final Producer<byte[], byte[]> producer;
  private final ExecutorService executor;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;

  private CdcSource(CdcSourceConfig config, MeterRegistry registry) {
    this.config = config;
    this.producer = newProducer(config);
    this.executor =
        Executors.newSingleThreadExecutor(
            runnable -> new Thread(runnable, config.name() + "-engine"));
    this.engine =
        DebeziumEngine.create(Connect.class)
            .using(EngineProperties.of(config))
            .using(new StartSignal())
            .using(this::onCompletion)
            .notifying(
                new KafkaChangeForwarder(
                    producer, config.connector(), RowSkipper.of(config), new CdcMetrics(registry)))
            .build();
  }

  /**
   * Creates missing raw topics, then starts capture on a thread of its own and returns at once;
   * {@link #started()} tells when the connector task runs.
   */
  public static CdcSource start(CdcSourceConfig config, MeterRegistry registry) {
    IncludedColumns.verify(config);
    PublicationOperations.apply(config);
    RawTopics.createMissing(config);
    CdcSource source = new CdcSource(config, registry);
    source.executor.execute(source.engine);
    log.info(
        "CDC source '{}' starting: {} {}:{} database {} tables {}.{} -> topics {}.{}.*",
        config.name(),
        config.connector().settingValue(),
        config.crmHost(),
        config.crmPort(),
        config.crmDatabase(),
        config.capturedNamespace(),
        config.crmTables(),
        config.topicPrefix(),
        config.capturedNamespace());
    return source;
  }

  /** Completes when the connector task has started (snapshot or streaming begins). */
  public CompletableFuture<Void> started() {
    return started.copy();
  }

  /**
   * Completes normally when the source stopped after {@link #close()}, exceptionally with a {@link
   * CdcSourceException} (or {@link LostBinlogPositionException}) when it failed.
   */
  public CompletableFuture<Void> termination() {
    return termination.copy();
  }

  /** The cause of the stop, if the source failed. */
  public Optional<Throwable> failure() {
    if (!termination.isCompletedExceptionally()) {
      return Optional.empty();
    }
    try {
      termination.join();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(e.getCause() != null ? e.getCause() : e);
    }
  }

  /**
   * Whether the connector has finished its snapshot (if any) and reads the binlog: changes
   * committed from now on arrive as streamed events. Read from Debezium's streaming metrics MBean
   * (attribute {@code Connected}); false while that MBean does not exist yet.
   */
  public boolean isStreaming() {
    try {
      javax.management.MBeanServer server =
          java.lang.management.ManagementFactory.getPlatformMBeanServer();
      Optional<javax.management.ObjectName> name = metricsBean("streaming");
      return name.isPresent() && Boolean.TRUE.equals(server.getAttribute(name.get(), "Connected"));
    } catch (javax.management.JMException e) {
      return false;
    }
  }

  /**
   * Debezium's metrics MBean of this source for {@code context} ({@code snapshot} or {@code
   * streaming}): {@code debezium.<connector>:type=connector-metrics,context=<context>,...} with the
   * tag {@code engine=<cdc.name>} the source gives its connector ({@code custom.metric.tags}), so
   * that two sources with one topic prefix (the ERP's two captures) do not share a name; empty
   * while it is not registered.
   */
  public Optional<javax.management.ObjectName> metricsBean(String context) {
    try {
      javax.management.ObjectName pattern =
          new javax.management.ObjectName(
              "debezium."
                  + config.connector().settingValue()
                  + ":type=connector-metrics,context="
                  + context
                  + ",engine="
                  + config.name()
                  + ",*");
      return java.lang.management.ManagementFactory.getPlatformMBeanServer()
          .queryNames(pattern, null)
          .stream()
          .findFirst();
    } catch (javax.management.MalformedObjectNameException e) {
      return Optional.empty();
    }
  }

  /** Whether capture is running: not closed and not failed. */
  public boolean isRunning() {
    return !closed.get() && !termination.isDone();
  }

  /**
   * Stops the engine (which commits the offsets of acknowledged batches), then the producer; waits
   * for both. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    awaitStartedOrTerminated();
    if (!termination.isDone()) {
      try {
        engine.close();
      } catch (IOException | RuntimeException e) {
        log.warn("CDC source '{}': closing the engine failed", config.name(), e);
      }
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("CDC source '{}': engine did not stop within {}", config.name(), STOP_TIMEOUT);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
    producer.close(Duration.ofSeconds(30));
    termination.complete(null);
    log.info("CDC source '{}' stopped", config.name());
  }

  // The engine refuses to stop while its tasks are starting; wait for either outcome.
  private void awaitStartedOrTerminated() {
    try {
      CompletableFuture.anyOf(started, termination)
          .get(START_WAIT_ON_CLOSE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // failed before or while starting: nothing more to wait for
    } catch (TimeoutException e) {
      log.warn(
          "CDC source '{}' still starting after {}; stopping anyway",
          config.name(),
          START_WAIT_ON_CLOSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onCompletion(boolean success, String message, Throwable error) {
    if (success) {
      log.info("CDC source '{}' engine completed: {}", config.name(), message);
      started.complete(null);
      termination.complete(null);
      return;
    }
    CdcSourceException failure = classify(message, error);
    log.error(
        "CDC source '{}' failed and stopped: {}", config.name(), failure.getMessage(), failure);
    started.completeExceptionally(failure);
    termination.completeExceptionally(failure);
  }

  private CdcSourceException classify(String message, Throwable error) {
    if (isLostPosition(message) || causesMention(error)) {
      return new LostBinlogPositionException(config.name(), error);
    }
    if (error instanceof CdcSourceException e) {
      return e;
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CdcSourceException e) {
        return e;
      }
    }
    return new CdcSourceException(
        "CDC source '" + config.name() + "' engine failed: " + message, error);
  }

  // Debezium and the server report a purged position only in message text: Debezium's offset
  // check, its GTID check, and the server's error 1236 on the binlog connection (MariaDB by
  // GTID, MySQL by GTID or by file name).
  private static boolean causesMention(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (isLostPosition(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLostPosition(String message) {
    return message != null && LOST_POSITION_MESSAGES.stream().anyMatch(message::contains);
  }

  private static Producer<byte[], byte[]> newProducer(CdcSourceConfig config) {
    Map<String, Object> settings =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.kafkaBootstrapServers(),
            ProducerConfig.CLIENT_ID_CONFIG,
            config.name() + "-raw",
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            5,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4");
    return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Completes {@link #started} once the connector task runs. */
  private final class StartSignal implements DebeziumEngine.ConnectorCallback {
    @Override
    public void taskStarted() {
      log.info("CDC source '{}' task started", config.name());
      started.complete(null);
    }
  }
}
