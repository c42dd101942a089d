package io.crmerpsync.bench.endtoend;

import io.crmerpsync.bench.stats.CpuMeter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One run at a fixed offered load: CRM transactions of one change each ({@code UPDATE customers SET
 * phone = 'b<seq>'}) committed on a fixed schedule (open loop: a late start does not delay the next
 * one), keys taken round-robin, by several connections so that one slow commit does not hold back
 * the schedule. Meanwhile the ERP table is polled; when a key's row shows sequence {@code s}, every
 * change of that key up to {@code s} is visible from the poll's start, and its latency is that
 * moment minus the moment its commit returned. A change overwritten before it became visible counts
 * as visible when its successor is: that is when the ERP reflects it or something newer.
 *
 * <p>Error bounds: a latency is at most one poll period too long, and it starts after the commit
 * returned (the commit itself is not counted).
 */
final class OfferedLoadRun {
  private static final org.slf4j.Logger TRACE =
      org.slf4j.LoggerFactory.getLogger(OfferedLoadRun.class);
  static final String PREFIX = "b";
  static final int WRITERS = 24;
  private static final long POLL_PAUSE_MS = 5;
  private static final long WRITERS_AWAIT_CPU_READING_MINUTES = 10;

  /** What one run measured. */
  record Result(
      int offeredPerSecond,
      double achievedPerSecond,
      Histogram latencyMicros,
      long changes,
      long measured,
      long unseen,
      double meanPollMillis,
      Map<String, Histogram> stageLatencyMicros,
      CpuMeter.PerChange cpu) {}

  /** How to reach the CRM and the ERP. */
  interface Databases {
    Connection crm() throws SQLException;

    Connection erp() throws SQLException;
  }

  private final Databases databases;
  private final List<Long> keys;
  private final Map<String, Integer> keyIndexByRef;
  private final String bootstrapServers;
  private final List<StageProbe.Stage> stages;
  private final CpuMeter cpu;

  /**
   * @param keys CRM customer ids to update, all present in the ERP already
   * @param keyIndexByRef position in {@code keys} of each ERP {@code source_ref}
   * @param stages topics on the way whose first sight of each change is measured too
   * @param cpu the CPU clocks read at the start of a run and once every change was seen
   */
  OfferedLoadRun(
      Databases databases,
      List<Long> keys,
      Map<String, Integer> keyIndexByRef,
      String bootstrapServers,
      List<StageProbe.Stage> stages,
      CpuMeter cpu) {
    this.databases = databases;
    this.keys = keys;
    this.keyIndexByRef = keyIndexByRef;
    this.bootstrapServers = bootstrapServers;
    this.stages = List.copyOf(stages);
    this.cpu = cpu;
  }

  /**
   * Offers {@code rate} changes/s for {@code seconds}, the first {@code rampSeconds} unmeasured,
   * then waits up to {@code drainSeconds} for the rest to become visible. Sequence numbers start at
   * {@code firstSeq}, above every earlier run's.
   */
  Result run(int rate, int seconds, int rampSeconds, int drainSeconds, long firstSeq)
      throws Exception {
    int total = rate * seconds;
    int k = keys.size();
    long[] committedAt = new long[total];
    long[] nextUnseen = new long[k];
    for (int j = 0; j < k; j++) {
      nextUnseen[j] = j;
    }
    long measureFrom = (long) rate * rampSeconds;
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    AtomicLong next = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<StageProbe> probes = new ArrayList<>();
    try {
      for (StageProbe.Stage stage : stages) {
        probes.add(StageProbe.start(bootstrapServers, stage, firstSeq, total));
      }
    } catch (RuntimeException | InterruptedException e) {
      probes.forEach(StageProbe::close);
      throw e;
    }
    CpuMeter.Reading cpuBefore = cpu.read();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    long interval = 1_000_000_000L / rate;
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS, daemon("bench-load"));
    // The writers stay alive until the CPU clocks are read at the end: a thread that ended would
    // take its CPU time out of the reading of its part.
    CountDownLatch writersDone = new CountDownLatch(WRITERS);
    CountDownLatch cpuRead = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      done.add(
          writers.submit(
              () -> {
                try (Connection crm = databases.crm();
                    PreparedStatement update =
                        crm.prepareStatement("UPDATE customers SET phone = ? WHERE id = ?")) {
                  crm.setAutoCommit(true);
                  for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      LockSupport.parkNanos(wait);
                    }
                    update.setString(1, PREFIX + (firstSeq + i));
                    update.setLong(2, keys.get((int) (i % k)));
                    update.executeUpdate();
                    committedAt[(int) i] = System.nanoTime();
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                } finally {
                  writersDone.countDown();
                }
                try {
                  cpuRead.await(WRITERS_AWAIT_CPU_READING_MINUTES, TimeUnit.MINUTES);
                } catch (InterruptedException stopping) {
                  Thread.currentThread().interrupt();
                }
                return null;
              }));
    }
    writers.shutdown();
    long seen = 0;
    long measured = 0;
    long polls = 0;
    long pollStartedFirst = System.nanoTime();
    long drainDeadline = Long.MAX_VALUE;
    CpuMeter.Reading cpuAfter;
    // Each poll asks only for row versions written by transactions that were not yet finished at
    // an earlier poll (their xmin at or above that poll's snapshot horizon): every row version
    // below the horizon was visible to that poll. Reading all 1,000 rows every 5 ms cost the bench
    // and PostgreSQL CPU that the pipeline then lacked. The bench's PostgreSQL cluster is fresh, so
    // its transaction ids stay in the first epoch: xmin and the horizon compare as numbers.
    long since = 0;
    try (Connection erp = databases.erp();
        PreparedStatement poll =
            erp.prepareStatement(
                "SELECT source_ref, phone, pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
                    + " FROM erp.customer_iface"
                    + " WHERE source_system = 'crm' AND xmin::text::bigint >= ?")) {
      while (seen < total && System.nanoTime() < drainDeadline) {
        if (failure.get() != null) {
          throw new IllegalStateException("the load generator failed", failure.get());
        }
        if (drainDeadline == Long.MAX_VALUE && writersDone.getCount() == 0) {
          drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        }
        long pollStart = System.nanoTime();
        polls++;
        poll.setLong(1, since);
        long horizon = -1;
        boolean askAgain = false;
        try (ResultSet rs = poll.executeQuery()) {
          while (rs.next()) {
            horizon = rs.getLong(3);
            Integer j = keyIndexByRef.get(rs.getString(1));
            String phone = rs.getString(2);
            if (j == null || phone == null || !phone.startsWith(PREFIX)) {
              continue;
            }
            long visible = Long.parseLong(phone.substring(PREFIX.length())) - firstSeq;
            while (nextUnseen[j] <= visible
                && nextUnseen[j] < total
                && committedAt[(int) nextUnseen[j]] != 0) {
              int i = (int) nextUnseen[j];
              if (i >= measureFrom) {
                if (TRACE.isDebugEnabled() && i % rate == 0) {
                  TRACE.debug(
                      "change {} (second {}) visible after {} ms",
                      i,
                      i / rate,
                      TimeUnit.NANOSECONDS.toMillis(pollStart - committedAt[i]));
                }
                latency.recordValue(
                    Math.max(0, TimeUnit.NANOSECONDS.toMicros(pollStart - committedAt[i])));
                measured++;
              }
              seen++;
              nextUnseen[j] += k;
            }
            // A change visible before its writer noted the commit time: the row must come back.
            askAgain |= nextUnseen[j] <= visible && nextUnseen[j] < total;
          }
        }
        if (horizon >= 0 && !askAgain) {
          since = horizon;
        }
        Thread.sleep(POLL_PAUSE_MS);
      }
      cpuAfter = cpu.read();
    } finally {
      cpuRead.countDown();
      writers.shutdownNow();
      probes.forEach(StageProbe::close);
    }
    // Joining the writers makes every commit time they wrote visible here.
    for (Future<?> f : done) {
      f.get(10, TimeUnit.SECONDS);
    }
    CpuMeter.PerChange cpuPerChange = CpuMeter.perChange(cpuBefore, cpuAfter, total);
    Map<String, Histogram> stageLatency = new LinkedHashMap<>();
    for (StageProbe probe : probes) {
      long[] seenAt = probe.stop();
      Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
      for (int i = (int) measureFrom; i < total; i++) {
        if (seenAt[i] != 0 && committedAt[i] != 0) {
          h.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(seenAt[i] - committedAt[i])));
        }
      }
      stageLatency.put(probe.name(), h);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the load generator failed", failure.get());
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (long t : committedAt) {
      if (t != 0) {
        first = Math.min(first, t);
        last = Math.max(last, t);
      }
    }
    double achieved = last > first ? (total - 1) / ((last - first) / 1e9) : 0;
    double meanPoll = polls == 0 ? 0 : (System.nanoTime() - pollStartedFirst) / 1e6 / polls;
    return new Result(
        rate,
        achieved,
        latency,
        total,
        measured,
        total - seen,
        meanPoll,
        stageLatency,
        cpuPerChange);
  }

  /**
   * Waits until the ERP shows the last change of a run that started at {@code firstSeq} with {@code
   * changes} changes, so that a run which fell behind does not leave its backlog to the next one.
   * Returns whether it did within {@code timeoutSeconds}.
   */
  boolean awaitCaughtUp(long firstSeq, long changes, int timeoutSeconds) throws Exception {
    if (changes == 0) {
      return true;
    }
    long lastSeq = firstSeq + changes - 1;
    String ref = Long.toString(keys.get((int) ((changes - 1) % keys.size())));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try (Connection erp = databases.erp();
        PreparedStatement poll =
            erp.prepareStatement(
                "SELECT phone FROM erp.customer_iface WHERE source_system = 'crm'"
                    + " AND source_ref = ?")) {
      poll.setString(1, ref);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = poll.executeQuery()) {
          if (rs.next()) {
            String phone = rs.getString(1);
            if (phone != null
                && phone.startsWith(PREFIX)
                && Long.parseLong(phone.substring(PREFIX.length())) >= lastSeq) {
              return true;
            }
          }
        }
        Thread.sleep(100);
      }
    }
    return false;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
