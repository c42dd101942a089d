package io.crmerpsync.bench.initialload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileRunTest {

  @Test
  void shouldReadTheResidentHighWaterMarkOfALiveProcess() {
    Path self = Path.of("/proc/self/status");
    long kib = ReconcileRun.highWaterMark(self);

    // This JVM holds at least its heap's first pages resident; /proc is there on Linux only.
    if (Files.exists(self)) {
      assertThat(kib).isGreaterThan(10_000);
    } else {
      assertThat(kib).isZero();
    }
  }

  @Test
  void shouldReadZeroForAProcessThatIsGoneOrAFileWithoutTheLine(@TempDir Path dir)
      throws Exception {
    assertThat(ReconcileRun.highWaterMark(dir.resolve("gone"))).isZero();
    Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nVmRSS:\t 12 kB\n");
    assertThat(ReconcileRun.highWaterMark(status)).isZero();
    Files.writeString(status, "Name:\tjava\nVmHWM:\t  654321 kB\n");
    assertThat(ReconcileRun.highWaterMark(status)).isEqualTo(654_321);
  }

  @Test
  void shouldTakeTheLargestHeapAfterACollectionFromAGcLog() {
    String log =
        "[0.512s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 3.1ms\n"
            + "[1.100s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 200M->181M(512M)"
            + " 20.4ms\n"
            + "[2.000s][info][gc] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 300M->95M(512M)"
            + " 9.0ms\n";

    assertThat(ReconcileRun.liveAfterGc(log)).isEqualTo(181);
    assertThat(ReconcileRun.liveAfterGc("[0.1s][info][gc] Using G1\n")).isEqualTo(-1);
  }
}
