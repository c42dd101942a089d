package io.crmerpsync.bench.hotpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

class HotPathBenchTest {

  @Test
  void shouldHaveAJmhHarnessForEveryBenchmarkMethod() throws IOException {
    String list;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
      assertThat(in).as("JMH's annotation processor ran at compile time").isNotNull();
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] benchmarks =
        Arrays.stream(HotPathBenchmarks.class.getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(Benchmark.class))
            .map(Method::getName)
            .toArray(String[]::new);

    assertThat(benchmarks)
        .containsExactlyInAnyOrder(
            "sourcePositionCompare",
            "sourcePositionParse",
            "rawChangeDecode",
            "goldenRecordWrite",
            "goldenRecordRead",
            "captureEnvelopeWrite",
            "captureEnvelopeWriteJsonConverter",
            "conflictResolutionOfOneRecord");
    assertThat(list).contains(benchmarks);
  }

  @Test
  void shouldRefuseAPlanWithoutMeasuredTime() {
    assertThatThrownBy(() -> new HotPathBench.Plan(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asked for 0 x 1 s");
  }
}
