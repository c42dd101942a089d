package io.crmerpsync.deploy.reconcile;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The live records of a canonical topic by key. Read from Kafka they stay in their wire form and
 * are decoded when asked for, so that a reconciliation of millions of records holds compact bytes,
 * not decoded records.
 */
public final class Canonical<T> {
  private final Map<String, ?> records;
  private final Function<Object, T> decode;

  private Canonical(Map<String, ?> records, Function<Object, T> decode) {
    this.records = records;
    this.decode = decode;
  }

  /** Records already decoded (tests, small sets). */
  @SuppressWarnings("unchecked")
  public static <T> Canonical<T> of(Map<String, T> records) {
    return new Canonical<>(records, record -> (T) record);
  }

  /** Records in wire form, {@code decode}d on each {@link #get}. */
  public static <T> Canonical<T> encoded(Map<String, byte[]> records, Function<byte[], T> decode) {
    return new Canonical<>(records, bytes -> decode.apply((byte[]) bytes));
  }

  /** The keys of the live records. */
  public Set<String> keys() {
    return records.keySet();
  }

  /** The record of {@code key}, null when it has none. */
  public T get(String key) {
    Object record = records.get(key);
    return record == null ? null : decode.apply(record);
  }

  public int size() {
    return records.size();
  }
}
