package io.crmerpsync.erp.sink.iface;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PostgresArraysTest {

  @Test
  void shouldWriteAnInstantAsUtcTimeWithMicroseconds() {
    assertThat(PostgresArrays.element(Instant.parse("2026-03-01T10:15:30.123Z")))
        .isEqualTo("2026-03-01 10:15:30.123000+00");
    assertThat(PostgresArrays.element(Instant.parse("0999-01-02T03:04:05.000006Z")))
        .isEqualTo("0999-01-02 03:04:05.000006+00");
  }

  @Test
  void shouldLeaveInstantsItCannotWriteExactlyInIso8601ForTheDatabaseToJudge() {
    assertThat(PostgresArrays.element(Instant.parse("+300000-01-01T00:00:00Z")))
        .isEqualTo("+300000-01-01T00:00:00Z");
    assertThat(PostgresArrays.element(Instant.parse("2026-03-01T10:15:30.123456789Z")))
        .isEqualTo("2026-03-01T10:15:30.123456789Z");
  }

  @Test
  void shouldWriteDecimalsWithoutExponentAndKeepNull() {
    assertThat(PostgresArrays.element(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(PostgresArrays.element(42)).isEqualTo("42");
    assertThat(PostgresArrays.element(null)).isNull();
  }

  @Test
  void shouldNameTheArrayElementTypeOfEachBoundType() {
    assertThat(PostgresArrays.elementType(Types.VARCHAR)).isEqualTo("text");
    assertThat(PostgresArrays.elementType(Types.NUMERIC)).isEqualTo("numeric");
    assertThat(PostgresArrays.elementType(Types.INTEGER)).isEqualTo("int4");
    assertThat(PostgresArrays.elementType(Types.TIMESTAMP_WITH_TIMEZONE)).isEqualTo("timestamptz");
  }
}
