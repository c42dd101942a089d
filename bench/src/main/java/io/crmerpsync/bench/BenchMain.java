package io.crmerpsync.bench;

import ch.qos.logback.classic.Level;
import io.crmerpsync.bench.capture.CaptureBench;
import io.crmerpsync.bench.ceiling.CeilingBench;
import io.crmerpsync.bench.delivery.DeliveryBench;
import io.crmerpsync.bench.endtoend.EndToEndBench;
import io.crmerpsync.bench.hotpath.HotPathBench;
import io.crmerpsync.bench.initialload.InitialLoadBench;
import io.crmerpsync.bench.memory.MemoryBench;
import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Charts;
import io.crmerpsync.bench.report.MachineInfo;
import io.crmerpsync.bench.report.MarkdownReport;
import io.crmerpsync.bench.stack.BenchStack;
import io.crmerpsync.bench.stack.Directories;
import io.crmerpsync.bench.topology.TopologyBench;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crm-erp-sync-bench}: measures the pipeline on this machine, prints the results table and
 * writes it with the machine description to {@code docs/benchmarks.md}. Measurements run one after
 * another, in the order of {@link Measurement}; one that fails is reported as failed and the rest
 * still run. The bench never fails on slow figures: it reports them against the goals.
 */
@Command(
    name = "crm-erp-sync-bench",
    mixinStandardHelpOptions = true,
    version = "crm-erp-sync-bench 0.1.0",
    description =
        "Benchmark the pipeline on this machine: the topology against a pass-through, the ERP"
            + " sink against Debezium's JDBC sink, the bare-Kafka ceiling, memory with N keys in"
            + " the stores, commit->ERP latency at fixed offered loads and the highest sustained"
            + " one, the initial load of a customers table, and capture. Prints the table and writes a Markdown report with charts.")
public final class BenchMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

  /** The measurements, in the order they run. */
  public enum Measurement {
    TOPOLOGY("topology"),
    CEILING("ceiling"),
    DELIVERY("delivery"),
    MEMORY("memory"),
    END_TO_END("end-to-end"),
    INITIAL_LOAD("initial-load"),
    CAPTURE("capture"),
    HOT_PATHS("hot-paths");

    private final String option;

    Measurement(String option) {
      this.option = option;
    }

    public String option() {
      return option;
    }

    static Measurement parse(String text) {
      for (Measurement m : values()) {
        if (m.option.equals(text.trim())) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "--only takes "
              + String.join(", ", java.util.Arrays.stream(values()).map(m -> m.option).toList())
              + " (comma-separated), not '"
              + text
              + "'");
    }
  }

  @Option(
      names = "--quick",
      description = "Small sizes for a look in about ten minutes (the report says so).")
  boolean quick;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "MEASUREMENT",
      description =
          "Run only these: topology, ceiling, delivery, memory, end-to-end, initial-load,"
              + " capture, hot-paths (default: all).")
  List<String> only;

  @Option(
      names = "--runs",
      description = "Measured runs per side of each comparison (default: 5; quick: 3).")
  Integer runs;

  @Option(
      names = "--warmup",
      description =
          "Unmeasured warm-up pairs before the topology, ceiling and delivery runs (default: 3)"
              + ": the JIT compiler is still speeding up the first runs of a fresh JVM.")
  private Integer warmup;

  @Option(
      names = "--loads",
      split = ",",
      paramLabel = "CHANGES_PER_SECOND",
      description = "Offered loads of the end-to-end runs (default: 500,2000,5000).")
  List<Integer> loads;

  @Option(names = "--seconds", description = "Seconds per end-to-end run (default: 30; quick: 10).")
  Integer seconds;

  @Option(
      names = "--search-probes",
      description =
          "End-to-end runs the sustained-rate search may add after the fixed loads, 0 for none"
              + " (default: 4; quick: 2).")
  Integer searchProbes;

  @Option(
      names = "--memory-keys",
      description =
          "Customers in the state stores when memory is read (default: 1000000; quick: 100000).")
  Long memoryKeys;

  @Option(
      names = "--initial-load-rows",
      description =
          "Rows of the customers table the initial load moves into the ERP (default: 1000000;"
              + " quick: 20000).")
  Integer initialLoadRows;

  @Option(
      names = "--e2e-warmup-seconds",
      description =
          "Most seconds of unmeasured load before the end-to-end runs; the warm-up stops earlier"
              + " once the JIT compilers have settled (default: 480; quick: 240; 0: one short run).")
  Integer e2eWarmupSeconds;

  @Option(
      names = "--streams-setting",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka Streams setting for both sides of the topology measurement and for the"
              + " initial load's streams application, on top of the application's (tuning"
              + " experiments; the report lists it). Repeatable.")
  Map<String, String> streamsSettings = new LinkedHashMap<>();

  @Option(
      names = "--e2e-variant",
      paramLabel = "KEY=VALUE",
      description =
          "A setting to compare end to end: a streams.* setting of the streams application,"
              + " erp.<setting> one of the ERP capture, any other one of the CRM's cdc-source. After each end-to-end run the same load runs"
              + " again with that part restarted on the variant, and the medians of both sides are"
              + " printed with their ratio (the report keeps the default's). Repeatable.")
  Map<String, String> captureVariant = new LinkedHashMap<>();

  @Option(
      names = "--report",
      defaultValue = "docs/benchmarks.md",
      description = "Where to write the Markdown report (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(
      names = "--data-dir",
      defaultValue = "data/bench",
      description =
          "Directory for every part's data; emptied at start (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  private final PrintStream out;

  BenchMain(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    quietConsoleNoise();
    int code = commandLine(System.out, System.err).execute(args);
    // Kafka, Streams and Debezium can leave non-daemon threads behind: exit explicitly.
    System.exit(code);
  }

  /**
   * Lowers loggers that flood the console with harmless lines while the bench starts and stops
   * dozens of clients and servers: a Streams deprecation hint per instance, the broker's
   * first-start and shutdown notes, and mariadbd's stderr (its notes arrive at ERROR). Failures
   * still surface as exceptions in the report.
   */
  private static void quietConsoleNoise() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
      logback.getLogger("org.apache.kafka.streams.StreamsConfig").setLevel(Level.ERROR);
      logback.getLogger("org.apache.kafka.controller.QuorumController").setLevel(Level.ERROR);
      logback.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(Level.ERROR);
      logback.getLogger("ch.vorburger.exec.ManagedProcess").setLevel(Level.OFF);
      // Retried produce errors of exactly-once commits in quick succession
      // (CONCURRENT_TRANSACTIONS).
      logback.getLogger("org.apache.kafka.clients.producer.internals.Sender").setLevel(Level.ERROR);
    }
  }

  /** The command line, printing one-line errors for bad arguments. */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cli =
        new CommandLine(
            new BenchMain(out),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                return CommandLine.defaultFactory().create(type);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException) {
            err.println("bad argument: " + e.getMessage());
            return 2;
          }
          err.println("failed: " + e);
          e.printStackTrace(err);
          return 1;
        });
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    BenchSize size = size();
    Set<Measurement> selected = selected();
    ZonedDateTime started = ZonedDateTime.now();
    Directories.fresh(dataDir);
    BenchResults results = new BenchResults();
    out.println("crm-erp-sync bench, size " + size.describe());
    results.load("start", MachineInfo.loadAverage());
    try (BenchStack stack = new BenchStack(dataDir)) {
      if (selected.contains(Measurement.TOPOLOGY)) {
        run(
            TopologyBench.SECTION,
            results,
            () ->
                new TopologyBench(stack, out)
                    .measure(
                        new TopologyBench.Plan(
                            size.topologyChanges(),
                            size.runs(),
                            size.warmupPairs(),
                            streamsSettings),
                        results));
      }
      if (selected.contains(Measurement.CEILING)) {
        run(
            CeilingBench.SECTION,
            results,
            () ->
                new CeilingBench(stack, out)
                    .measure(
                        new CeilingBench.Plan(
                            Math.max(size.topologyChanges(), CeilingBench.MIN_CHANGES),
                            size.runs(),
                            size.warmupPairs()),
                        results));
      }
      if (selected.contains(Measurement.DELIVERY)) {
        run(
            DeliveryBench.SECTION,
            results,
            () ->
                new DeliveryBench(stack, out)
                    .measure(
                        new DeliveryBench.Plan(
                            size.deliveryCommands(), size.runs(), size.warmupPairs()),
                        results));
      }
      if (selected.contains(Measurement.HOT_PATHS)) {
        // Before anything else loads the machine; JMH forks its own JVM per benchmark.
        run(
            HotPathBench.SECTION,
            results,
            () ->
                new HotPathBench(out)
                    .measure(
                        size.name().equals(BenchSize.QUICK.name())
                            ? new HotPathBench.Plan(3, 1)
                            : new HotPathBench.Plan(5, 2),
                        results));
      }
      if (selected.contains(Measurement.MEMORY)) {
        run(
            MemoryBench.SECTION,
            results,
            () ->
                new MemoryBench(stack, out)
                    .measure(new MemoryBench.Plan(size.memoryKeys()), results));
      }
      // The component stack is not needed any more: free its CPU and memory for the rest.
      stack.close();
      if (selected.contains(Measurement.END_TO_END)) {
        run(
            EndToEndBench.SECTION,
            results,
            () ->
                new EndToEndBench(dataDir.resolve("end-to-end"), out)
                    .measure(
                        new EndToEndBench.Plan(
                            size.offeredLoads(),
                            size.endToEndSeconds(),
                            size.endToEndRuns(),
                            size.searchProbes(),
                            size.endToEndWarmupSeconds(),
                            captureVariant),
                        results));
      }
      if (selected.contains(Measurement.INITIAL_LOAD)) {
        run(
            InitialLoadBench.SECTION,
            results,
            () ->
                new InitialLoadBench(dataDir.resolve("initial-load"), out)
                    .measure(
                        new InitialLoadBench.Plan(size.initialLoadRows(), streamsSettings),
                        results));
      }
      if (selected.contains(Measurement.CAPTURE)) {
        run(
            CaptureBench.SECTION,
            results,
            () ->
                new CaptureBench(dataDir.resolve("capture"), out)
                    .measure(
                        new CaptureBench.Plan(size.captureRows(), size.captureRuns()), results));
      }
    }
    results.load("end", MachineInfo.loadAverage());
    CeilingBench.addFractions(results);
    MarkdownReport.Context context =
        new MarkdownReport.Context(
            started,
            size.describe()
                + (selected.size() < Measurement.values().length ? "; only " + selected : ""),
            commandLine(),
            MachineInfo.current(),
            Goals.evaluate(results, size),
            Goals.notMeasured(size, results));
    out.println();
    out.print(MarkdownReport.resultsTable(results));
    out.println();
    out.print(MarkdownReport.goalsTable(context.goals()));
    for (String failure : results.failures()) {
      out.println("FAILED " + failure);
    }
    write(
        report,
        MarkdownReport.render(
            context,
            results,
            Charts.write(
                report, results, results.find(CeilingBench.SECTION, CeilingBench.CHANGES))));
    out.println();
    out.println("report written to " + report.toAbsolutePath());
    return 0;
  }

  /** The command line as the report names it: the options that change what is measured. */
  private String commandLine() {
    StringBuilder command = new StringBuilder("bin/crm-erp-sync-bench");
    if (quick) {
      command.append(" --quick");
    }
    if (only != null && !only.isEmpty()) {
      command.append(" --only ").append(String.join(",", only));
    }
    if (runs != null) {
      command.append(" --runs ").append(runs);
    }
    if (warmup != null) {
      command.append(" --warmup ").append(warmup);
    }
    if (loads != null && !loads.isEmpty()) {
      command
          .append(" --loads ")
          .append(String.join(",", loads.stream().map(String::valueOf).toList()));
    }
    if (seconds != null) {
      command.append(" --seconds ").append(seconds);
    }
    if (e2eWarmupSeconds != null) {
      command.append(" --e2e-warmup-seconds ").append(e2eWarmupSeconds);
    }
    if (searchProbes != null) {
      command.append(" --search-probes ").append(searchProbes);
    }
    if (memoryKeys != null) {
      command.append(" --memory-keys ").append(memoryKeys);
    }
    if (initialLoadRows != null) {
      command.append(" --initial-load-rows ").append(initialLoadRows);
    }
    streamsSettings.forEach(
        (k, v) -> command.append(" --streams-setting ").append(k).append('=').append(v));
    captureVariant.forEach(
        (k, v) -> command.append(" --e2e-variant ").append(k).append('=').append(v));
    return command.toString();
  }

  /** A measurement; it may throw, which marks it failed in the report. */
  private interface Step {
    void run() throws Exception;
  }

  private void run(String section, BenchResults results, Step step) {
    results.load("before " + section, MachineInfo.loadAverage());
    long begin = System.nanoTime();
    try {
      step.run();
    } catch (Exception e) {
      LOG.error("{} measurement failed", section, e);
      out.println(section + " measurement failed: " + e);
      results.failure(section, e.toString());
    }
    out.printf("%s took %d s%n", section, (System.nanoTime() - begin) / 1_000_000_000L);
  }

  private BenchSize size() {
    BenchSize base = quick ? BenchSize.QUICK : BenchSize.DEFAULT;
    if (runs != null && (runs < 1 || runs > 20)) {
      throw new IllegalArgumentException("--runs must be 1..20, was " + runs);
    }
    if (warmup != null && (warmup < 0 || warmup > 20)) {
      throw new IllegalArgumentException("--warmup must be 0..20, was " + warmup);
    }
    if (loads != null && loads.stream().anyMatch(l -> l < 1 || l > 100_000)) {
      throw new IllegalArgumentException("--loads must each be 1..100000 changes/s, was " + loads);
    }
    if (seconds != null && (seconds < 5 || seconds > 3_600)) {
      throw new IllegalArgumentException("--seconds must be 5..3600, was " + seconds);
    }
    if (e2eWarmupSeconds != null && (e2eWarmupSeconds < 0 || e2eWarmupSeconds > 3_600)) {
      throw new IllegalArgumentException(
          "--e2e-warmup-seconds must be 0..3600, was " + e2eWarmupSeconds);
    }
    if (searchProbes != null && (searchProbes < 0 || searchProbes > 20)) {
      throw new IllegalArgumentException("--search-probes must be 0..20, was " + searchProbes);
    }
    if (memoryKeys != null && (memoryKeys < 1_000 || memoryKeys > 10_000_000)) {
      throw new IllegalArgumentException("--memory-keys must be 1000..10000000, was " + memoryKeys);
    }
    if (initialLoadRows != null && (initialLoadRows < 1_000 || initialLoadRows > 10_000_000)) {
      throw new IllegalArgumentException(
          "--initial-load-rows must be 1000..10000000, was " + initialLoadRows);
    }
    return new BenchSize(
        base.name(),
        runs == null ? base.runs() : runs,
        warmup == null ? base.warmupPairs() : warmup,
        base.topologyChanges(),
        base.deliveryCommands(),
        seconds == null ? base.endToEndSeconds() : seconds,
        runs == null ? base.endToEndRuns() : runs,
        e2eWarmupSeconds == null ? base.endToEndWarmupSeconds() : e2eWarmupSeconds,
        loads == null || loads.isEmpty() ? base.offeredLoads() : List.copyOf(loads),
        base.captureRows(),
        runs == null ? base.captureRuns() : runs,
        searchProbes == null ? base.searchProbes() : searchProbes,
        memoryKeys == null ? base.memoryKeys() : memoryKeys,
        initialLoadRows == null ? base.initialLoadRows() : initialLoadRows);
  }

  private Set<Measurement> selected() {
    if (only == null || only.isEmpty()) {
      return EnumSet.allOf(Measurement.class);
    }
    Set<Measurement> chosen = new LinkedHashSet<>();
    for (String name : only) {
      chosen.add(Measurement.parse(name));
    }
    return EnumSet.copyOf(chosen);
  }

  private static void write(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text);
  }
}
