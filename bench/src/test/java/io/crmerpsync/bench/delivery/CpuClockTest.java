package io.crmerpsync.bench.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
  void shouldKeepTheTimeOfABackendThatEndedBetweenTwoReadings(@TempDir Path dir) throws Exception {
    try (EmbeddedErpPostgres postgres = EmbeddedErpPostgres.start(dir.resolve("pg"))) {
      CpuClock clock = CpuClock.of(postgres).orElseThrow();
      Duration before = clock.server();
      try (Connection c = postgres.connect();
          Statement st = c.createStatement()) {
        st.execute("SELECT sum(i) FROM generate_series(1, 5000000) AS i");
      }
      // The backend has ended (or ends now): its time must stay counted, by the postmaster.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(clock.server().minus(before)).isGreaterThan(Duration.ofMillis(50)));
    }
  }

  @Test
  void shouldReadReapedChildrenTimeFromAStatLineWhoseCommandHoldsSpacesAndParentheses() {
    String stat =
        "4242 (postgres: a (b) c) S 1 4242 4242 0 -1 4194560 1000 2000 0 0 150 40 12 8 20 0 1 0"
            + " 100 200000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    // fields 16 and 17 (cutime 12, cstime 8): 20 ticks of 10 ms.
    assertThat(CpuClock.reapedChildren(stat)).isEqualTo(Duration.ofMillis(200));
  }
}
