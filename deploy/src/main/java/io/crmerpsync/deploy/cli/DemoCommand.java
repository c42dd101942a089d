package io.crmerpsync.deploy.cli;

import io.crmerpsync.deploy.demo.DemoImporter;
import io.crmerpsync.deploy.demo.DemoWorkload;
import io.crmerpsync.deploy.demo.LatencyProbe;
import io.crmerpsync.deploy.demo.PipelineStatus;
import io.crmerpsync.deploy.metrics.MetricsEndpoint;
import io.crmerpsync.deploy.pipeline.EmbeddedPipeline;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole pipeline in this process on loopback, sample CRM data, then a steady
 * stream of realistic CRM changes, with one status line per second. Ctrl-C (or {@code --duration})
 * stops everything it started.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start Kafka, MariaDB (CRM), PostgreSQL (ERP), the schema registry, cdc-source, the",
      "streams application and a Connect worker with the ERP sink in this process; load sample",
      "CRM data, keep changing it, and print one status line per second. Ctrl-C stops it all."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  /** The status line's latency figures cover this many most recent seconds. */
  static final int LATENCY_WINDOW_SECONDS = 10;

  /** How often the demo's stand-in for the ERP importer reports on the PENDING rows. */
  static final long IMPORT_INTERVAL_MS = 500;

  @Option(
      names = "--data-dir",
      defaultValue = "data/demo",
      description =
          "Directory for every part's data; emptied at start (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--customers",
      defaultValue = "200",
      description = "Customers in the initial load (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--orders",
      defaultValue = "300",
      description = "Orders (with 1-4 lines each) in the initial load (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description = "CRM transactions per second after the load (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      description = "Stop after this many seconds (default: run until Ctrl-C).")
  Long durationSeconds;

  @Option(
      names = "--metrics-port",
      defaultValue = "9464",
      description =
          "Port of the Prometheus endpoint /metrics, 0 for any (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the workload.")
  long seed;

  @Option(
      names = "--mapping",
      defaultValue = "deploy/config/mapping.yaml",
      description =
          "Field policies between CRM and ERP (docs/conflict-resolution.md)"
              + " (default: ${DEFAULT-VALUE}).")
  Path mapping;

  private final PrintStream out;

  DemoCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    validate();
    wipe(dataDir);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("starting the embedded pipeline under " + dataDir.toAbsolutePath() + " ...");
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(meters, "127.0.0.1", metricsPort);
        EmbeddedPipeline pipeline = EmbeddedPipeline.start(dataDir, meters, 1, mapping);
        Connection workloadDb = pipeline.crm().connect(EmbeddedPipeline.CRM_DATABASE);
        Connection probeDb = pipeline.crm().connect(EmbeddedPipeline.CRM_DATABASE);
        Connection erpDb = pipeline.erp().connect();
        Connection importerDb = pipeline.erp().connect();
        Admin admin =
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    pipeline.kafka().bootstrapServers()))) {
      out.printf(
          "pipeline up: kafka %s, registry %s, metrics http://127.0.0.1:%d/metrics%n",
          pipeline.kafka().bootstrapServers(), pipeline.registry().baseUri(), endpoint.port());
      DemoWorkload workload = new DemoWorkload(workloadDb, seed);
      long loadStart = System.nanoTime();
      workload.loadInitialData(customers, orders);
      out.printf(
          "loaded %d customers and %d orders into the CRM in %d ms; now %d transactions/s%n",
          customers, orders, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart), rate);
      run(
          pipeline,
          workload,
          probeDb,
          erpDb,
          new DemoImporter(importerDb),
          new PipelineStatus(meters, admin, "erp-sink"),
          stop);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already shutting down: the hook has run.
      }
    }
    out.println("demo stopped; everything it started is stopped.");
    return 0;
  }

  private void run(
      EmbeddedPipeline pipeline,
      DemoWorkload workload,
      Connection probeDb,
      Connection erpDb,
      DemoImporter importer,
      PipelineStatus status,
      CountDownLatch stop)
      throws Exception {
    ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
    // The importer on its own thread: its transaction must not hold back the CRM workload.
    load.scheduleWithFixedDelay(
        () -> {
          try {
            importer.importPending();
          } catch (java.sql.SQLException e) {
            LOG.warn("demo importer failed: {}", e.toString());
          }
        },
        IMPORT_INTERVAL_MS,
        IMPORT_INTERVAL_MS,
        TimeUnit.MILLISECONDS);
    load.scheduleAtFixedRate(
        () -> {
          try {
            workload.step();
          } catch (Exception e) {
            LOG.warn("workload step failed: {}", e.toString());
          }
        },
        0,
        Math.max(1, 1_000_000 / rate),
        TimeUnit.MICROSECONDS);
    long started = System.nanoTime();
    java.util.ArrayDeque<Histogram> window = new java.util.ArrayDeque<>();
    try (LatencyProbe probe = LatencyProbe.start(probeDb, erpDb, 200, status.meters())) {
      long deadline =
          durationSeconds == null
              ? Long.MAX_VALUE
              : started + TimeUnit.SECONDS.toNanos(durationSeconds);
      double lastCaptured = 0;
      while (!stop.await(1, TimeUnit.SECONDS)) {
        window.addLast(probe.interval());
        if (window.size() > LATENCY_WINDOW_SECONDS) {
          window.removeFirst();
        }
        Histogram latency = new Histogram(3);
        window.forEach(latency::add);
        // The interface tables are captured for the importer's reports; they are not CRM changes.
        double captured = status.sum("cdc.changes.captured") - interfaceChanges(status);
        out.printf(
            "t=%3ds captured=%d (+%d/s) commands=%d erp-rows=%d imported ok=%d err=%d dlq=%d"
                + " sink-lag=%d commit->ERP(last %ds) p50=%s p99=%s (n=%d)%n",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
            (long) captured,
            (long) (captured - lastCaptured),
            (long) status.sum("sync.records.emitted", "topic", "erp.commands."),
            erpRows(erpDb),
            (long) status.sum("sync.erp.import.status", "status", "SUCCESS"),
            (long) status.sum("sync.erp.import.status", "status", "ERROR"),
            (long) status.sum("sync.dead.lettered"),
            status.sinkLag(),
            LATENCY_WINDOW_SECONDS,
            millis(latency, 50),
            millis(latency, 99),
            latency.getTotalCount());
        lastCaptured = captured;
        if (!pipeline.streams().isRunning() || !pipeline.cdc().isRunning()) {
          out.println("a component stopped unexpectedly; see the log. Stopping the demo.");
          return;
        }
        if (System.nanoTime() >= deadline) {
          break;
        }
      }
      out.printf(
          "ERP import status: %d interface-table changes captured, %d reports published"
              + " (%d ERROR), %d sink writes (PENDING) skipped at capture%n",
          (long) interfaceChanges(status),
          (long) status.sum("sync.erp.import.status"),
          (long) status.sum("sync.erp.import.status", "status", "ERROR"),
          (long)
              (status.sum("cdc.changes.skipped")
                  + status.sum("sync.erp.import.ignored", "reason", "pending")));
      Histogram latency = probe.total();
      out.printf(
          "summary: %d CRM transactions, commit->ERP latency p50=%s p95=%s p99=%s max=%s"
              + " over %d probes (probe resolution %d ms)%n",
          workload.transactions(),
          millis(latency, 50),
          millis(latency, 95),
          millis(latency, 99),
          latency.getTotalCount() == 0 ? "-" : (latency.getMaxValue() / 1000) + "ms",
          latency.getTotalCount(),
          LatencyProbe.POLL_MS);
    } finally {
      load.shutdownNow();
      load.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Changes of the ERP interface tables that the ERP capture wrote to Kafka: the importer's reports
   * and deletes; the sink's own PENDING writes are skipped (cdc.changes.skipped).
   */
  private static double interfaceChanges(PipelineStatus status) {
    return status.sum("cdc.changes.captured", "table", "customer_iface")
        + status.sum("cdc.changes.captured", "table", "order_iface");
  }

  private static long erpRows(Connection erp) {
    try (Statement st = erp.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM erp.customer_iface)"
                    + " + (SELECT count(*) FROM erp.order_iface)")) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return -1;
    }
  }

  private static String millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0
        ? "-"
        : (histogram.getValueAtPercentile(percentile) / 1000) + "ms";
  }

  private void validate() {
    if (rate < 1 || rate > 10_000) {
      throw new IllegalArgumentException("--rate must be 1..10000 transactions/s, was " + rate);
    }
    if (customers < 1 || orders < 0) {
      throw new IllegalArgumentException("--customers must be >= 1 and --orders >= 0");
    }
    if (!java.nio.file.Files.isRegularFile(mapping)) {
      throw new IllegalArgumentException(
          "--mapping file '" + mapping.toAbsolutePath() + "' does not exist");
    }
    if (durationSeconds != null && durationSeconds < 1) {
      throw new IllegalArgumentException("--duration must be at least 1 second");
    }
  }

  static void wipe(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
  }
}
