package io.crmerpsync.streams.conflict;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Unmodifiable sorted maps for the topology's immutable values (golden records, order aggregates,
 * conflict resolutions), copied once.
 *
 * <p>Each such value used to copy every map it was given, defensively, although the map was usually
 * another value's, already copied, or a fresh map its caller had just built: an order line change
 * copied the order's line map four times. A map frozen here is passed on without a copy; a fresh
 * map a caller hands over is frozen without one. The map must not be changed after it is handed
 * over, which is why only code that has just built it may call {@link #handOver}.
 */
public final class FrozenMaps {
  /** The class of {@link Collections#unmodifiableSortedMap}'s views; only this class makes them. */
  private static final Class<?> FROZEN =
      Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

  private FrozenMaps() {}

  /**
   * {@code map} itself when it is already frozen, else an unmodifiable copy sorted by its keys'
   * natural order.
   */
  @SuppressWarnings("unchecked")
  public static <K, V> SortedMap<K, V> of(Map<K, V> map) {
    if (map.getClass() == FROZEN) {
      return (SortedMap<K, V>) map;
    }
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  /** Freezes {@code fresh} without copying it; the caller must not touch it afterwards. */
  public static <K, V> SortedMap<K, V> handOver(TreeMap<K, V> fresh) {
    if (fresh.comparator() != null) {
      throw new IllegalArgumentException("frozen maps are sorted by their keys' natural order");
    }
    return Collections.unmodifiableSortedMap(fresh);
  }
}
