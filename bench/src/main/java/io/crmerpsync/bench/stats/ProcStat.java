package io.crmerpsync.bench.stats;

import java.time.Duration;

/**
 * One line of Linux's {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat}: the name in
 * parentheses (field 2, which may itself hold spaces and parentheses) and the numbered fields after
 * it. Times are in clock ticks of 1/USER_HZ s, and USER_HZ is 100 on every Linux ABI.
 */
public final class ProcStat {
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final String name;
  private final String[] fields;

  private ProcStat(String name, String[] fields) {
    this.name = name;
    this.fields = fields;
  }

  /** Parses {@code line}; the name ends at the last closing parenthesis. */
  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 > line.length()) {
      throw new IllegalArgumentException("not a /proc stat line: " + line);
    }
    return new ProcStat(
        line.substring(open + 1, close), line.substring(close + 2).trim().split(" "));
  }

  /** The process's or thread's name (at most 15 characters, as the kernel keeps it). */
  public String name() {
    return name;
  }

  /** Field {@code n} (numbered from 1 as in proc(5); 3 is the first after the name). */
  public long field(int n) {
    return Long.parseLong(fields[n - 3]);
  }

  /** utime + stime (fields 14 and 15): the CPU time of the process or thread itself. */
  public Duration cpu() {
    return ticks(field(14) + field(15));
  }

  /** cutime + cstime (fields 16 and 17): CPU time of children it has waited for. */
  public Duration reapedChildrenCpu() {
    return ticks(field(16) + field(17));
  }

  /** Clock ticks as a duration. */
  public static Duration ticks(long ticks) {
    return Duration.ofNanos(ticks * NANOS_PER_TICK);
  }
}
