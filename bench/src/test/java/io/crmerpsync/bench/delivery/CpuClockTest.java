package io.crmerpsync.bench.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.embedded.EmbeddedErpPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuClockTest {

  @Test
  void shouldCountTheCpuTimeABackendSpendsOnAQuery(@TempDir Path dir) throws Exception {
    try (EmbeddedErpPostgres postgres = EmbeddedErpPostgres.start(dir.resolve("pg"))) {
      CpuClock clock = CpuClock.of(postgres).orElseThrow();
      try (Connection c = postgres.connect();
          Statement st = c.createStatement()) {
        // The backend of this connection exists now, so the reading before includes it.
        Duration before = clock.server();
        st.execute("SELECT sum(i) FROM generate_series(1, 5000000) AS i");
        Duration after = clock.server();

        // Summing five million numbers takes a backend well over the 10 ms tick of /proc.
        assertThat(after.minus(before)).isGreaterThan(Duration.ofMillis(50));
      }
    }
  }

  @Test
  void shouldCountTheCpuTimeOfThisJvm() {
    Duration before = CpuClock.jvm();
    long sum = 0;
    for (long i = 0; i < 300_000_000L; i++) {
      sum += i ^ (sum >>> 3);
    }
    Duration after = CpuClock.jvm();

    assertThat(sum).isNotZero();
    assertThat(after.minus(before)).isGreaterThan(Duration.ofMillis(20));
  }
}
