package io.crmerpsync.bench.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.bench.stats.CpuMeter;
import org.junit.jupiter.api.Test;

class TopologyBenchTest {
  private final CpuMeter meter = TopologyBench.cpuMeter("bench-topology-real-1");

  @Test
  void shouldCountTheRunsStreamThreadApartFromItsProducerAndHeartbeat() {
    String uuid = "225f18af-35f1-4e00-bb57-efaf44388558";
    assertThat(meter.componentOf("bench-topology-real-1-" + uuid + "-StreamThread-1"))
        .isEqualTo("stream thread");
    assertThat(
            meter.componentOf(
                "kafka-producer-network-thread | bench-topology-real-1-"
                    + uuid
                    + "-StreamThread-1-producer"))
        .isEqualTo("the application's other threads");
    assertThat(meter.componentOf("kafka-coordinator-heartbeat-thread | bench-topology-real-1"))
        .isEqualTo("the application's other threads");
  }

  @Test
  void shouldNotCountAnotherRunOrTheBroker() {
    assertThat(meter.componentOf("bench-topology-real-10-abc-StreamThread-1"))
        .isEqualTo(CpuMeter.OTHER_THREADS);
    assertThat(meter.componentOf("kafka-coordinator-heartbeat-thread | bench-topology-real-12"))
        .isEqualTo(CpuMeter.OTHER_THREADS);
    assertThat(meter.componentOf("data-plane-kafka-request-handler-0"))
        .isEqualTo(CpuMeter.OTHER_THREADS);
  }
}
