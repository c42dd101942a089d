package io.crmerpsync.streams.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all RocksDB stores of this process: one block cache shared by every
 * store, with the memtables charged to it through one write-buffer manager, and index and filter
 * blocks kept in that cache instead of beside it. Without it every store of every task gets its own
 * cache and memtables (Kafka Streams' defaults: a 50 MiB cache and three 16 MiB memtables each), so
 * memory grows with stores times partitions; with it the stores share {@link #TOTAL_BYTES} bytes, a
 * quarter of them for memtables (docs/decisions/0013-bounded-rocksdb-memory.md).
 *
 * <p>Kafka Streams creates one setter per store; the cache and the manager are per process and per
 * configured size, and live as long as the process: {@link #close} must not free them while other
 * stores use them.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  /** The Kafka Streams setting (passed through to the setter) with the total in bytes. */
  public static final String TOTAL_BYTES = "crm-erp-sync.rocksdb.memory.bytes";

  /** The memtables' share of the total. */
  private static final int MEMTABLE_DIVISOR = 4;

  private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

  private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long total = totalBytes(configs.get(TOTAL_BYTES));
    Shared shared =
        SHARED.computeIfAbsent(
            total,
            bytes -> {
              // -1: RocksDB picks the shard count; not strict, so a read never fails for want of
              // room; up to half the cache is the high-priority pool of index and filter blocks,
              // which data blocks cannot evict them from.
              LRUCache cache = new LRUCache(bytes, -1, false, 0.5);
              return new Shared(cache, new WriteBufferManager(bytes / MEMTABLE_DIVISOR, cache));
            });
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setMaxWriteBufferNumber(2);
    options.setWriteBufferSize(
        Math.min(options.writeBufferSize(), Math.max(1L << 20, total / MEMTABLE_DIVISOR / 4)));
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write-buffer manager are shared by every store: nothing to free per store.
  }

  private static long totalBytes(Object value) {
    if (value == null) {
      throw new IllegalStateException(
          TOTAL_BYTES + " is not set; it is set with the streams.rocksdb.memory.mb setting");
    }
    long bytes =
        value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    if (bytes < (1L << 20)) {
      throw new IllegalStateException(TOTAL_BYTES + " must be at least 1 MiB, was " + bytes);
    }
    return bytes;
  }
}
