package io.crmerpsync.bench.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class SustainedRateSearchTest {

  /** A pipeline whose p99 stays at 200 ms up to {@code capacity} and jumps to 5 s above it. */
  private static IntFunction<SustainedRateSearch.Probe> pipelineWithCapacity(int capacity) {
    return load -> new SustainedRateSearch.Probe(load, load, load <= capacity ? 200 : 5_000, 0);
  }

  /**
   * Runs the search from the fixed loads, as the bench does, with at most {@code budget} probes.
   */
  private static List<SustainedRateSearch.Probe> search(
      IntFunction<SustainedRateSearch.Probe> pipeline, List<Integer> fixed, int budget) {
    SustainedRateSearch search = new SustainedRateSearch(50, 100_000);
    List<SustainedRateSearch.Probe> probes = new ArrayList<>();
    fixed.forEach(load -> probes.add(pipeline.apply(load)));
    for (int i = 0; i < budget; i++) {
      OptionalInt next = search.next(probes);
      if (next.isEmpty()) {
        break;
      }
      probes.add(pipeline.apply(next.getAsInt()));
    }
    return probes;
  }

  @Test
  void shouldBisectBetweenTheHighestSustainedAndTheLowestFailedLoad() {
    List<SustainedRateSearch.Probe> probes =
        search(pipelineWithCapacity(1_300), List.of(500, 2_000, 5_000), 2);

    assertThat(probes)
        .extracting(SustainedRateSearch.Probe::offered)
        .containsExactly(500, 2_000, 5_000, 1_250, 1_650);
    assertThat(SustainedRateSearch.bracket(probes))
        .isEqualTo(new SustainedRateSearch.Bracket(1_250, 1_650));
  }

  @Test
  void shouldStopWhenTheBracketIsOneStepWide() {
    List<SustainedRateSearch.Probe> probes =
        search(pipelineWithCapacity(1_320), List.of(500, 2_000, 5_000), 20);

    assertThat(SustainedRateSearch.bracket(probes))
        .isEqualTo(new SustainedRateSearch.Bracket(1_300, 1_350));
    assertThat(new SustainedRateSearch(50, 100_000).next(probes)).isEmpty();
  }

  @Test
  void shouldDoubleWhenEveryLoadWasSustained() {
    List<SustainedRateSearch.Probe> probes =
        search(pipelineWithCapacity(12_000), List.of(500, 2_000, 5_000), 2);

    assertThat(probes)
        .extracting(SustainedRateSearch.Probe::offered)
        .containsExactly(500, 2_000, 5_000, 10_000, 20_000);
    assertThat(SustainedRateSearch.bracket(probes).highestSustained()).isEqualTo(10_000);
  }

  @Test
  void shouldHalveWhenNoLoadWasSustained() {
    List<SustainedRateSearch.Probe> probes =
        search(pipelineWithCapacity(300), List.of(500, 2_000), 1);

    assertThat(probes).extracting(SustainedRateSearch.Probe::offered).endsWith(250);
    assertThat(SustainedRateSearch.bracket(probes))
        .isEqualTo(new SustainedRateSearch.Bracket(250, 500));
  }

  @Test
  void shouldNotCountALoadTheGeneratorCouldNotOfferOrWhoseChangesNeverArrived() {
    SustainedRateSearch.Probe slowGenerator = new SustainedRateSearch.Probe(5_000, 3_000, 300, 0);
    SustainedRateSearch.Probe lostChanges = new SustainedRateSearch.Probe(2_000, 2_000, 300, 12);
    SustainedRateSearch.Probe nothingMeasured =
        new SustainedRateSearch.Probe(1_000, 1_000, Double.NaN, 0);

    assertThat(slowGenerator.sustained()).isFalse();
    assertThat(lostChanges.sustained()).isFalse();
    assertThat(nothingMeasured.sustained()).isFalse();
    assertThat(new SustainedRateSearch.Probe(500, 495, 999, 0).sustained()).isTrue();
  }

  @Test
  void shouldIgnoreANoisyFailureBelowASustainedLoad() {
    List<SustainedRateSearch.Probe> probes =
        List.of(
            new SustainedRateSearch.Probe(500, 500, 1_200, 0),
            new SustainedRateSearch.Probe(2_000, 2_000, 400, 0),
            new SustainedRateSearch.Probe(5_000, 5_000, 9_000, 0));

    assertThat(SustainedRateSearch.bracket(probes))
        .isEqualTo(new SustainedRateSearch.Bracket(2_000, 5_000));
    assertThat(new SustainedRateSearch(50, 100_000).next(probes)).hasValue(3_500);
  }

  @Test
  void shouldNotProbeAboveTheMaximumRate() {
    List<SustainedRateSearch.Probe> probes =
        List.of(new SustainedRateSearch.Probe(8_000, 8_000, 100, 0));

    assertThat(new SustainedRateSearch(50, 10_000).next(probes)).hasValue(10_000);
    assertThat(new SustainedRateSearch(50, 8_000).next(probes)).isEmpty();
  }

  @Test
  void shouldRefuseAStepLargerThanTheMaximumRate() {
    assertThatThrownBy(() -> new SustainedRateSearch(100, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRate >= step");
  }
}
