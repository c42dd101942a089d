package io.crmerpsync.streams.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FrozenMapsTest {

  @Test
  void shouldShareAFrozenMapInsteadOfCopyingIt() {
    SortedMap<String, Integer> frozen = FrozenMaps.handOver(new TreeMap<>(Map.of("b", 2, "a", 1)));
    assertThat(FrozenMaps.of(frozen)).isSameAs(frozen);
  }

  @Test
  void shouldCopyAMapThatIsNotFrozenSoItsOwnerCanStillChangeIt() {
    Map<String, Integer> owned = new HashMap<>(Map.of("b", 2, "a", 1));
    SortedMap<String, Integer> frozen = FrozenMaps.of(owned);
    owned.put("c", 3);
    assertThat(frozen).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
  }

  @Test
  void shouldRefuseChanges() {
    SortedMap<String, Integer> frozen = FrozenMaps.of(Map.of("a", 1));
    assertThatThrownBy(() -> frozen.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> frozen.keySet().remove("a"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRefuseAMapSortedOtherwiseThanByNaturalOrder() {
    assertThatThrownBy(
            () -> FrozenMaps.handOver(new TreeMap<String, Integer>(Comparator.reverseOrder())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("natural order");
  }
}
