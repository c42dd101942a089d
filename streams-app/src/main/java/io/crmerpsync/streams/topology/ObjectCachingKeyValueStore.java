package io.crmerpsync.streams.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Keeps the values a processor last read or wrote as objects, in front of a Kafka Streams store,
 * and writes the changed ones down once per commit.
 *
 * <p>Kafka Streams' record cache holds serialized bytes: every {@code get} deserializes and every
 * {@code put} serializes, even when the same key was written a moment before. The order transaction
 * assembler, for one, reads and rewrites a transaction for each of its items. This layer answers a
 * {@code get} of a key it holds without deserializing, and serializes a key changed several times
 * between two commits once, when Kafka Streams flushes its caches before committing ({@link
 * #flushCache()}). Iterations write the changed values down first, so they see everything.
 *
 * <p>What it holds is bounded ({@code maxEntries}, least recently used first out; a changed value
 * is written down before it leaves). It is emptied when the store is initialised, closed or its
 * caches cleared, so a task that Kafka Streams closes dirty and revives reads the restored state,
 * never a value of the aborted transaction. Values must be immutable: a value read or written here
 * is the object the next {@code get} returns (the topology's value types copy on change).
 */
final class ObjectCachingKeyValueStore<V>
    extends WrappedStateStore<KeyValueStore<String, V>, String, V>
    implements KeyValueStore<String, V> {

  /** Marks a deleted key among the changed ones. */
  private static final Object DELETED = new Object();

  private final int maxEntries;
  private final Map<String, Entry> entries;

  /**
   * The entries written since the last write-down, so that a commit visits those and not every held
   * entry; one evicted meanwhile is already written and no longer dirty.
   */
  private final Map<String, Entry> changed = new java.util.HashMap<>();

  /** A held value (or {@link #DELETED}), and whether it still has to be written down. */
  private static final class Entry {
    final Object value;
    boolean dirty;

    Entry(Object value, boolean dirty) {
      this.value = value;
      this.dirty = dirty;
    }
  }

  ObjectCachingKeyValueStore(KeyValueStore<String, V> inner, int maxEntries) {
    super(inner);
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            if (size() <= ObjectCachingKeyValueStore.this.maxEntries) {
              return false;
            }
            writeDown(eldest.getKey(), eldest.getValue());
            return true;
          }
        };
  }

  /**
   * A builder of {@code inner}'s store with this layer on top, holding up to {@code maxEntries}.
   */
  static <V> StoreBuilder<KeyValueStore<String, V>> wrap(
      StoreBuilder<KeyValueStore<String, V>> inner, int maxEntries) {
    return new Builder<>(inner, maxEntries);
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    entries.clear();
    changed.clear();
    super.init(context, root);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(String key) {
    Entry entry = entries.get(key);
    if (entry != null) {
      return entry.value == DELETED ? null : (V) entry.value;
    }
    V value = wrapped().get(key);
    if (value != null) {
      entries.put(key, new Entry(value, false));
    }
    return value;
  }

  @Override
  public void put(String key, V value) {
    Entry entry = new Entry(value == null ? DELETED : value, true);
    changed.put(key, entry);
    entries.put(key, entry);
  }

  @Override
  public V putIfAbsent(String key, V value) {
    V current = get(key);
    if (current == null) {
      put(key, value);
    }
    return current;
  }

  @Override
  public void putAll(List<KeyValue<String, V>> values) {
    for (KeyValue<String, V> kv : values) {
      put(kv.key, kv.value);
    }
  }

  @Override
  public V delete(String key) {
    V current = get(key);
    put(key, null);
    return current;
  }

  @Override
  public KeyValueIterator<String, V> range(String from, String to) {
    writeDownAll();
    return wrapped().range(from, to);
  }

  @Override
  public KeyValueIterator<String, V> reverseRange(String from, String to) {
    writeDownAll();
    return wrapped().reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<String, V> all() {
    writeDownAll();
    return wrapped().all();
  }

  @Override
  public KeyValueIterator<String, V> reverseAll() {
    writeDownAll();
    return wrapped().reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(
      P prefix, PS prefixKeySerializer) {
    writeDownAll();
    return wrapped().prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public long approximateNumEntries() {
    writeDownAll();
    return wrapped().approximateNumEntries();
  }

  /** Before Kafka Streams commits: the changed values go down into the store, then its caches. */
  @Override
  public void flushCache() {
    writeDownAll();
    super.flushCache();
  }

  @Override
  public void clearCache() {
    entries.clear();
    changed.clear();
    super.clearCache();
  }

  @Override
  public void close() {
    entries.clear();
    changed.clear();
    super.close();
  }

  private void writeDownAll() {
    changed.forEach(this::writeDown);
    changed.clear();
  }

  @SuppressWarnings("unchecked")
  private void writeDown(String key, Entry entry) {
    if (!entry.dirty) {
      return;
    }
    if (entry.value == DELETED) {
      wrapped().delete(key);
    } else {
      wrapped().put(key, (V) entry.value);
    }
    entry.dirty = false;
  }

  private static final class Builder<V> implements StoreBuilder<KeyValueStore<String, V>> {
    private final StoreBuilder<KeyValueStore<String, V>> inner;
    private final int maxEntries;

    Builder(StoreBuilder<KeyValueStore<String, V>> inner, int maxEntries) {
      this.inner = inner;
      this.maxEntries = maxEntries;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
      inner.withCachingEnabled();
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
      inner.withCachingDisabled();
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
      inner.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
      inner.withLoggingDisabled();
      return this;
    }

    @Override
    public KeyValueStore<String, V> build() {
      return new ObjectCachingKeyValueStore<>(inner.build(), maxEntries);
    }

    @Override
    public Map<String, String> logConfig() {
      return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return inner.loggingEnabled();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}
