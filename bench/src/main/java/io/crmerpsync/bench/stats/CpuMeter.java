package io.crmerpsync.bench.stats;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * CPU time spent so far, read at the start and the end of a run so that the run can say what one
 * change cost: this JVM, its threads grouped into named components by thread name (the Kafka
 * Streams thread, the broker, the capture, ...), and server processes outside it (the databases).
 * On a machine whose cores are all busy, CPU time per change is what bounds the rate it can
 * sustain, and per process it counts only that process's work.
 *
 * <p>Every clock here is a process's or a thread's own (the kernel's precise run time). The
 * machine-wide busy time of {@code /proc/stat} is not used: the kernel samples it once per tick,
 * and at moderate loads, with cores waking and sleeping many times a tick, it came out 300 µs per
 * change below the sum of the three processes it contains (2,054 against 2,348 at 500/s).
 */
public final class CpuMeter {
  /** CPU of the JIT compiler threads (C1 and C2). */
  public static final String JIT = "JIT compilers";

  /** CPU of the garbage collector's threads (pauses and concurrent work). */
  public static final String GC = "garbage collector";

  /**
   * The rest of the JVM's CPU outside its Java threads (the VM thread and other service threads)
   * and the time of threads that ended between the two readings.
   */
  public static final String OUTSIDE_JAVA_THREADS = "JVM, rest";

  /** Java threads no component claims. */
  public static final String OTHER_THREADS = "other threads";

  /** A part of the JVM: the threads whose name {@code threads} accepts. */
  public record Component(String name, Predicate<String> threads) {}

  private final List<Component> components;
  private final Map<String, Supplier<Duration>> servers;

  /**
   * A meter of {@code components}, tried in order: a thread counts for the first that accepts its
   * name, or for {@link #OTHER_THREADS}.
   */
  public CpuMeter(List<Component> components) {
    this(components, Map.of());
  }

  private CpuMeter(List<Component> components, Map<String, Supplier<Duration>> servers) {
    this.components = List.copyOf(components);
    this.servers = servers;
  }

  /** This meter, also reading the CPU clock of a server process outside the JVM. */
  public CpuMeter withServer(String name, Supplier<Duration> clock) {
    Map<String, Supplier<Duration>> more = new LinkedHashMap<>(servers);
    more.put(name, clock);
    return new CpuMeter(components, more);
  }

  /** One reading of the clocks: per component, every Java thread alive at the time. */
  public record Reading(
      Duration jvm,
      Map<String, Duration> byComponent,
      Duration jit,
      Duration gc,
      Map<String, Duration> servers) {}

  /**
   * What a run cost per change, in microseconds: the JVM, the JVM's components in the meter's
   * order, then {@link #OTHER_THREADS}, {@link #JIT}, {@link #GC} and {@link
   * #OUTSIDE_JAVA_THREADS}, and each server.
   */
  public record PerChange(
      double jvm, Map<String, Double> byComponent, Map<String, Double> servers) {
    /** The JVM and every server together. */
    public double total() {
      return jvm + servers.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The cost of one component, 0 when it spent nothing. */
    public double of(String component) {
      return byComponent.getOrDefault(component, 0.0);
    }
  }

  public Reading read() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<String, Duration> byComponent = new LinkedHashMap<>();
    components.forEach(c -> byComponent.put(c.name(), Duration.ZERO));
    byComponent.put(OTHER_THREADS, Duration.ZERO);
    long[] ids = bean.getAllThreadIds();
    ThreadInfo[] infos = bean.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = bean.getThreadCpuTime(ids[i]);
      if (infos[i] == null || cpu <= 0) {
        continue;
      }
      byComponent.merge(
          componentOf(infos[i].getThreadName()), Duration.ofNanos(cpu), Duration::plus);
    }
    Duration jit = Duration.ZERO;
    Duration gc = Duration.ZERO;
    for (NativeThread t : nativeThreads()) {
      if (isJit(t.name())) {
        jit = jit.plus(t.cpu());
      } else if (isGc(t.name())) {
        gc = gc.plus(t.cpu());
      }
    }
    Map<String, Duration> serverTimes = new LinkedHashMap<>();
    servers.forEach((name, clock) -> serverTimes.put(name, clock.get()));
    return new Reading(jvm(), byComponent, jit, gc, serverTimes);
  }

  /** The component a thread of this name counts for. */
  public String componentOf(String threadName) {
    for (Component c : components) {
      if (c.threads().test(threadName)) {
        return c.name();
      }
    }
    return OTHER_THREADS;
  }

  /**
   * CPU per change between {@code before} and {@code after}, for {@code changes} changes. A thread
   * that ended between the readings takes its time with it; the JVM's own clock does not lose it,
   * so such time shows under {@link #OUTSIDE_JAVA_THREADS}.
   */
  public static PerChange perChange(Reading before, Reading after, long changes) {
    if (changes <= 0) {
      throw new IllegalArgumentException("changes must be positive, was " + changes);
    }
    double jvm = micros(after.jvm().minus(before.jvm())) / changes;
    Map<String, Double> byComponent = new LinkedHashMap<>();
    double threads = 0;
    for (Map.Entry<String, Duration> e : after.byComponent().entrySet()) {
      Duration start = before.byComponent().getOrDefault(e.getKey(), Duration.ZERO);
      double cost = Math.max(0, micros(e.getValue().minus(start)) / changes);
      byComponent.put(e.getKey(), cost);
      threads += cost;
    }
    double jit = Math.max(0, micros(after.jit().minus(before.jit())) / changes);
    double gc = Math.max(0, micros(after.gc().minus(before.gc())) / changes);
    byComponent.put(JIT, jit);
    byComponent.put(GC, gc);
    byComponent.put(OUTSIDE_JAVA_THREADS, Math.max(0, jvm - threads - jit - gc));
    Map<String, Double> servers = new LinkedHashMap<>();
    after
        .servers()
        .forEach(
            (name, time) ->
                servers.put(
                    name,
                    micros(time.minus(before.servers().getOrDefault(name, Duration.ZERO)))
                        / changes));
    return new PerChange(
        jvm,
        java.util.Collections.unmodifiableMap(byComponent),
        java.util.Collections.unmodifiableMap(servers));
  }

  /** A thread of this process as the kernel names it (15 characters at most) and its CPU time. */
  record NativeThread(String name, Duration cpu) {}

  // HotSpot names its compiler threads "C1 CompilerThread0" and "C2 CompilerThread0" (the kernel
  // keeps 15 characters), G1's "GC Thread#0", "G1 Conc#0", "G1 Refine#0", "G1 Main Marker".
  static boolean isJit(String name) {
    return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
  }

  static boolean isGc(String name) {
    return name.startsWith("GC Thread") || name.startsWith("G1 ");
  }

  /** Every thread of this process from {@code /proc/self/task}; empty where there is none. */
  static List<NativeThread> nativeThreads() {
    List<NativeThread> threads = new java.util.ArrayList<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(
          task -> {
            try {
              threads.add(nativeThread(Files.readString(task.resolve("stat"))));
            } catch (IOException | RuntimeException ended) {
              // the thread ended while the list was read
            }
          });
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return threads;
  }

  /** A {@code /proc/<pid>/task/<tid>/stat} line as a thread's name and CPU time. */
  static NativeThread nativeThread(String stat) {
    ProcStat parsed = ProcStat.parse(stat);
    return new NativeThread(parsed.name(), parsed.cpu());
  }

  private static double micros(Duration d) {
    return d.toNanos() / 1000.0;
  }

  /** CPU time of this JVM, every thread. */
  public static Duration jvm() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Duration.ofNanos(os.getProcessCpuTime());
    }
    return Duration.ZERO;
  }
}
