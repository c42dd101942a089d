package io.crmerpsync.bench.memory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The memory this JVM uses: heap in use right after a full collection (what the live objects take,
 * not what the collector has not reclaimed yet) and the resident set of the process, which also
 * holds what RocksDB, direct buffers, metaspace and thread stacks take outside the heap. RSS is
 * read from {@code /proc/self/status} (Linux only; elsewhere it is unknown).
 *
 * @param heapAfterGcBytes heap used right after {@link MemoryMXBean#gc()}
 * @param heapCommittedBytes heap the JVM holds from the OS at that moment
 * @param rssBytes resident set size (VmRSS), -1 when unknown
 */
public record ProcessMemory(long heapAfterGcBytes, long heapCommittedBytes, long rssBytes) {
  private static final Path STATUS = Path.of("/proc/self/status");

  /** Collects garbage (twice, so that objects freed by finalization go too) and reads memory. */
  public static ProcessMemory afterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    memory.gc();
    long used = memory.getHeapMemoryUsage().getUsed();
    long committed = memory.getHeapMemoryUsage().getCommitted();
    return new ProcessMemory(used, committed, rss().orElse(-1));
  }

  /** VmRSS of this process in bytes, if {@code /proc/self/status} can be read. */
  public static OptionalLong rss() {
    try {
      return kibibytes(Files.readString(STATUS), "VmRSS").stream().map(k -> k * 1024).findFirst();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The value of {@code field} in the text of a {@code /proc/<pid>/status} file, in KiB (the kernel
   * writes memory fields as {@code VmRSS: 123456 kB}).
   */
  static OptionalLong kibibytes(String status, String field) {
    for (String line : status.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).equals(field)) {
        continue;
      }
      String[] parts = line.substring(colon + 1).trim().split("\\s+");
      if (parts.length != 2 || !parts[1].equals("kB")) {
        throw new IllegalArgumentException("unexpected " + field + " line: '" + line + "'");
      }
      return OptionalLong.of(Long.parseLong(parts[0]));
    }
    return OptionalLong.empty();
  }

  /** Bytes as mebibytes, for the report. */
  public static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }
}
