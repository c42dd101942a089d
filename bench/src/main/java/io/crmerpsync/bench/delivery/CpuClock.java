package io.crmerpsync.bench.delivery;

import io.crmerpsync.bench.stats.ProcStat;
import io.crmerpsync.embedded.EmbeddedErpPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time spent so far by the PostgreSQL server (its postmaster and every process under it:
 * backends, WAL writer, checkpointer) and by this JVM, so that a delivery run can say what each
 * upsert cost on either side, not only how long the run took. A rate moves with whatever else the
 * shared machine runs; CPU time per row moves much less.
 *
 * <p>Read through {@link ProcessHandle.Info#totalCpuDuration()} (from {@code /proc} on Linux, in
 * steps of the kernel's clock tick, 10 ms); a process that ends between two readings takes its time
 * with it, so runs are read while the sink's connections are still open.
 */
public final class CpuClock {
  private final ProcessHandle postmaster;

  private CpuClock(ProcessHandle postmaster) {
    this.postmaster = postmaster;
  }

  /** The clock of {@code postgres}'s server, found as the parent of a backend of ours. */
  public static Optional<CpuClock> of(EmbeddedErpPostgres postgres) throws SQLException {
    try (Connection c = postgres.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).map(CpuClock::new);
    }
  }

  /**
   * CPU time of the server: its processes alive now, plus what the postmaster's children that have
   * ended spent (the kernel adds it to the postmaster's {@code cutime}/{@code cstime} when the
   * postmaster reaps them), so a backend or autovacuum worker that ends between two readings does
   * not take its time out of the difference. Zero where the OS does not tell.
   */
  public Duration server() {
    return Stream.concat(Stream.of(postmaster), postmaster.descendants())
        .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(reapedChildren(postmaster.pid()), Duration::plus);
  }

  /** {@code cutime + cstime} of {@code pid}, from {@code /proc/<pid>/stat}; zero if unreadable. */
  static Duration reapedChildren(long pid) {
    try {
      return reapedChildren(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return Duration.ZERO;
    }
  }

  /**
   * {@code cutime + cstime} (fields 16 and 17) of a {@code /proc/<pid>/stat} line, in clock ticks
   * of 10 ms (USER_HZ, 100 on Linux). The command name (field 2) may hold spaces and parentheses,
   * so the fields are counted from the last closing parenthesis.
   */
  static Duration reapedChildren(String stat) {
    return ProcStat.parse(stat).reapedChildrenCpu();
  }
}
