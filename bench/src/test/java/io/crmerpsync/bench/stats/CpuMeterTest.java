package io.crmerpsync.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class CpuMeterTest {

  private final CpuMeter meter =
      new CpuMeter(
          List.of(
              new CpuMeter.Component("burners", name -> name.startsWith("burner-")),
              new CpuMeter.Component("first wins", name -> name.contains("x")),
              new CpuMeter.Component("never reached", name -> name.contains("xx"))));

  @Test
  void shouldTakeTheNameUpToTheLastParenthesis() {
    String stat =
        "77 (pool-1 (x) y) R 1 4242 4242 0 -1 4194560 1000 2000 0 0 3 4 12 8 20 0 1 0"
            + " 100 200000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    CpuMeter.NativeThread thread = CpuMeter.nativeThread(stat);

    assertThat(thread.name()).isEqualTo("pool-1 (x) y");
    assertThat(thread.cpu()).isEqualTo(Duration.ofMillis(70));
  }

  @Test
  void shouldReadANativeThreadsNameAndCpuFromItsStatLine() {
    String stat =
        "4243 (C2 CompilerThre) S 1 4242 4242 0 -1 4194560 1000 2000 0 0 150 40 12 8 20 0 1 0"
            + " 100 200000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    CpuMeter.NativeThread thread = CpuMeter.nativeThread(stat);

    // utime 150 + stime 40 ticks of 10 ms
    assertThat(thread.name()).isEqualTo("C2 CompilerThre");
    assertThat(thread.cpu()).isEqualTo(Duration.ofMillis(1_900));
    assertThat(CpuMeter.isJit(thread.name())).isTrue();
    assertThat(CpuMeter.isGc("G1 Conc#0")).isTrue();
    assertThat(CpuMeter.isGc("GC Thread#1")).isTrue();
    assertThat(CpuMeter.isJit("main")).isFalse();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void shouldFindTheJitCompilerAmongThisJvmsThreads() {
    assertThat(CpuMeter.nativeThreads()).anyMatch(t -> CpuMeter.isJit(t.name()));
  }

  @Test
  void shouldGiveAThreadToTheFirstComponentThatAcceptsItsName() {
    assertThat(meter.componentOf("burner-1")).isEqualTo("burners");
    assertThat(meter.componentOf("a-xx-thread")).isEqualTo("first wins");
    assertThat(meter.componentOf("main")).isEqualTo(CpuMeter.OTHER_THREADS);
  }

  @Test
  void shouldDivideEveryClockByTheChangesAndPutTheRestOfTheJvmOutsideItsThreads() {
    CpuMeter.Reading before =
        new CpuMeter.Reading(
            Duration.ofSeconds(4),
            components(Duration.ofSeconds(1), Duration.ofSeconds(1)),
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            Map.of("db", Duration.ofSeconds(3)));
    CpuMeter.Reading after =
        new CpuMeter.Reading(
            Duration.ofSeconds(5),
            components(Duration.ofMillis(1_500), Duration.ofMillis(1_200)),
            Duration.ofMillis(150),
            Duration.ofMillis(70),
            Map.of("db", Duration.ofMillis(3_400)));

    CpuMeter.PerChange perChange = CpuMeter.perChange(before, after, 1_000);

    // 1 s of the JVM, 0.5 s and 0.2 s of its two parts, 0.4 s of the server, over 1,000 changes.
    assertThat(perChange.jvm()).isCloseTo(1_000.0, within(1e-6));
    assertThat(perChange.total()).isCloseTo(1_400.0, within(1e-6));
    assertThat(perChange.of("burners")).isCloseTo(500.0, within(1e-6));
    assertThat(perChange.of(CpuMeter.OTHER_THREADS)).isCloseTo(200.0, within(1e-6));
    // 50 ms compiling, 20 ms collecting; the rest of the 300 ms outside the Java threads.
    assertThat(perChange.of(CpuMeter.JIT)).isCloseTo(50.0, within(1e-6));
    assertThat(perChange.servers().get("db")).isCloseTo(400.0, within(1e-6));
    assertThat(perChange.of(CpuMeter.GC)).isCloseTo(20.0, within(1e-6));
    assertThat(perChange.of(CpuMeter.OUTSIDE_JAVA_THREADS)).isCloseTo(230.0, within(1e-6));
    assertThat(perChange.byComponent().keySet())
        .containsExactly(
            "burners",
            CpuMeter.OTHER_THREADS,
            CpuMeter.JIT,
            CpuMeter.GC,
            CpuMeter.OUTSIDE_JAVA_THREADS);
  }

  @Test
  void shouldReadTheClockOfAServerOutsideTheJvm() {
    java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(10);
    CpuMeter withDb = meter.withServer("db", () -> Duration.ofMillis(millis.get()));

    CpuMeter.Reading before = withDb.read();
    millis.set(510);
    CpuMeter.PerChange perChange = CpuMeter.perChange(before, withDb.read(), 100);

    assertThat(perChange.servers()).containsOnlyKeys("db");
    assertThat(perChange.servers().get("db")).isCloseTo(5_000.0, within(1e-6));
  }

  @Test
  void shouldRefuseARunWithoutChanges() {
    CpuMeter.Reading reading = meter.read();

    assertThatThrownBy(() -> CpuMeter.perChange(reading, reading, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("changes must be positive");
  }

  @Test
  void shouldChargeTheCpuOfANamedThreadToItsComponent() throws Exception {
    CpuMeter.Reading before = meter.read();
    AtomicBoolean stop = new AtomicBoolean();
    Thread burner =
        new Thread(
            () -> {
              long x = 0;
              while (!stop.get()) {
                x += Long.numberOfTrailingZeros(x + System.nanoTime());
              }
              if (x == 42) {
                System.out.print("");
              }
            },
            "burner-1");
    burner.start();
    // Read while the thread still lives: a thread that ended takes its time with it.
    AtomicReference<CpuMeter.Reading> during = new AtomicReference<>();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                during.set(meter.read());
                return burned(before, during.get()).compareTo(Duration.ofMillis(100)) >= 0;
              });
    } finally {
      stop.set(true);
      burner.join();
    }

    CpuMeter.PerChange perChange = CpuMeter.perChange(before, during.get(), 1);

    // At least 100 ms of a busy loop, in microseconds, charged to the burners.
    assertThat(perChange.of("burners")).isGreaterThanOrEqualTo(100_000.0);
    assertThat(perChange.jvm()).isGreaterThanOrEqualTo(perChange.of("burners"));
  }

  private static Duration burned(CpuMeter.Reading before, CpuMeter.Reading after) {
    return after.byComponent().get("burners").minus(before.byComponent().get("burners"));
  }

  private static Map<String, Duration> components(Duration burners, Duration other) {
    Map<String, Duration> m = new LinkedHashMap<>();
    m.put("burners", burners);
    m.put(CpuMeter.OTHER_THREADS, other);
    return m;
  }

  @Test
  void shouldCountTheCpuTimeOfThisJvm() {
    Duration before = CpuMeter.jvm();
    long sum = 0;
    for (long i = 0; i < 300_000_000L; i++) {
      sum += i ^ (sum >>> 3);
    }
    Duration after = CpuMeter.jvm();

    assertThat(sum).isNotZero();
    assertThat(after.minus(before)).isGreaterThan(Duration.ofMillis(20));
  }
}
