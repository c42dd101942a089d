package io.crmerpsync.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void shouldSplitAtSemicolonsOutsideQuotesAndComments() {
    String script =
        "-- a comment; not a statement\n"
            + "CREATE TABLE t (a VARCHAR(10) DEFAULT 'x;y');\n"
            + "/* block; comment */ INSERT INTO t VALUES ('it''s; fine');\n"
            + "# hash comment;\n"
            + "SELECT `we;ird` FROM t";
    assertThat(SqlScript.split(script))
        .containsExactly(
            "CREATE TABLE t (a VARCHAR(10) DEFAULT 'x;y')",
            "INSERT INTO t VALUES ('it''s; fine')",
            "SELECT `we;ird` FROM t");
  }

  @Test
  void shouldRejectAnUnterminatedQuote() {
    assertThatThrownBy(() -> SqlScript.split("SELECT 'oops;"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated");
  }
}
