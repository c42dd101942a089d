package io.crmerpsync.streams.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Example;
import org.assertj.core.api.AbstractThrowableAssert;

/** Examples of {@link RawChangeDecoder}: what it reads, and each reason for which it fails. */
class RawChangeDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String KEY = "{\"id\":42}";
  private static final String ROW = "{\"id\":42,\"name\":\"Ada\",\"tags\":[1,{\"x\":null}]}";
  private static final String OLD_ROW = "{\"id\":42,\"name\":\"Ad\"}";
  private static final String SOURCE =
      "{\"version\":\"3.5.0.Final\",\"connector\":\"mariadb\",\"name\":\"crm\","
          + "\"ts_ms\":1795732908000,\"snapshot\":null,\"db\":\"sales\",\"sequence\":null,"
          + "\"ts_us\":1795732908000000,\"table\":\"customers\",\"server_id\":1,"
          + "\"gtid\":\"0-1-14\",\"file\":\"mysql-bin.000001\",\"pos\":8207,\"row\":0,"
          + "\"thread\":null,\"query\":null}";
  private static final String TRANSACTION =
      "{\"id\":\"0-1-14\",\"total_order\":1,\"data_collection_order\":1}";
  private static final String POSITION =
      "{\"server_id\":1,\"gtid\":\"0-1-14\",\"gtids\":\"0-1-13\",\"file\":\"mysql-bin.000003\","
          + "\"pos\":8207,\"event\":2,\"row\":1,\"total_order\":1,\"snapshot\":false}";
  private static final String PG_POSITION =
      "{\"lsn\":22113464,\"lsn_commit\":22113400,\"tx_id\":761,\"total_order\":2,"
          + "\"snapshot\":false}";

  private final RawChangeDecoder decoder = new RawChangeDecoder();

  // ---- what it reads ----

  @Example
  void shouldReadAMariaDbUpdate() {
    RawChange change =
        decode(
            KEY,
            envelope("u", OLD_ROW, ROW, SOURCE, "1795732908200", TRANSACTION, POSITION, "extra"));

    assertThat(change)
        .isEqualTo(
            new RawChange(
                KEY,
                Operation.UPDATE,
                tree(ROW),
                SourcePosition.of("mysql-bin.000003", 8207, false, 2, 1, "0-1-14"),
                1795732908000L,
                "0-1-14",
                tree(OLD_ROW)));
  }

  @Example
  void shouldReadADeleteFromBefore() {
    RawChange change =
        decode(KEY, envelope("d", OLD_ROW, "null", SOURCE, "1", TRANSACTION, POSITION, null));

    assertThat(change.operation()).isEqualTo(Operation.DELETE);
    assertThat(change.row()).isEqualTo(tree(OLD_ROW));
    assertThat(change.before()).isNull();
  }

  @Example
  void shouldKeepBeforeOnlyForAnUpdate() {
    RawChange create =
        decode(KEY, envelope("c", OLD_ROW, ROW, SOURCE, "1", TRANSACTION, POSITION, null));
    RawChange updateWithoutBefore =
        decode(KEY, envelope("u", "[1]", ROW, SOURCE, "1", TRANSACTION, POSITION, null));

    assertThat(create.before()).isNull();
    assertThat(create.row()).isEqualTo(tree(ROW));
    assertThat(updateWithoutBefore.before()).isNull();
  }

  @Example
  void shouldReadASnapshotRowWithTheGtidSetOfTheSnapshot() {
    String position =
        "{\"server_id\":0,\"gtid\":null,\"gtids\":\"0-1-100,0-2-105\",\"file\":\"mysql-bin.000002\","
            + "\"pos\":4,\"snapshot\":true}";

    RawChange change = decode(KEY, envelope("r", "null", ROW, SOURCE, "1", "null", position, null));

    assertThat(change.position())
        .isEqualTo(SourcePosition.of("mysql-bin.000002", 4, true, 0, 0, "0-1-100,0-2-105"));
    assertThat(change.transactionId()).isNull();
  }

  @Example
  void shouldReadAPostgresPosition() {
    RawChange change =
        decode(
            KEY,
            envelope("c", null, ROW, SOURCE, "1", "{\"id\":\"761:22113464\"}", PG_POSITION, null));

    assertThat(change.position())
        .isEqualTo(new SourcePosition(0, 22113400, false, 22113464, 0, "761"));
    assertThat(change.transactionId()).isEqualTo("761:22113464");
  }

  @Example
  void shouldReadMembersInAnyOrder() {
    String value =
        "{\"position\":"
            + POSITION
            + ",\"unknown\":{\"a\":[1,{\"b\":\"c\"}],\"op\":\"x\"},\"after\":"
            + ROW
            + ",\"before\":"
            + OLD_ROW
            + ",\"ts_ms\":7,\"transaction\":"
            + TRANSACTION
            + ",\"op\":\"u\",\"source\":"
            + SOURCE
            + "}";

    RawChange change = decode(KEY, value);

    assertThat(change.operation()).isEqualTo(Operation.UPDATE);
    assertThat(change.row()).isEqualTo(tree(ROW));
    assertThat(change.before()).isEqualTo(tree(OLD_ROW));
    assertThat(change.position().gtid()).isEqualTo("0-1-14");
    assertThat(change.commitTimeMs()).isEqualTo(1795732908000L);
  }

  @Example
  void shouldTakeTheLastOfRepeatedMembers() {
    // the first op (c) needs no before; the second makes it an update, which keeps it
    String value =
        "{\"op\":\"c\",\"before\":"
            + OLD_ROW
            + ",\"after\":"
            + ROW
            + ",\"op\":\"u\",\"position\":{\"file\":\"x\"},\"position\":"
            + POSITION
            + "}";
    // the first op (d) reads before; the second makes it a create, which reads after
    String skippedAfter =
        "{\"op\":\"d\",\"after\":" + ROW + ",\"op\":\"c\",\"position\":" + POSITION + "}";

    RawChange change = decode(KEY, value);

    assertThat(change.operation()).isEqualTo(Operation.UPDATE);
    assertThat(change.before()).isEqualTo(tree(OLD_ROW));
    assertThat(change.position().pos()).isEqualTo(8207);
    assertThat(decode(KEY, skippedAfter).row()).isEqualTo(tree(ROW));
  }

  @Example
  void shouldTakeTheCommitTimeFromSourceElseTheEnvelopeElseZero() {
    String sourceWithoutTs = "{\"db\":\"sales\"}";

    assertThat(commitTime("{\"ts_ms\":\"1500\"}", "9")).isEqualTo(1500);
    assertThat(commitTime("{\"ts_ms\":1.9e3}", "9")).isEqualTo(1900);
    assertThat(commitTime("{\"ts_ms\":\"soon\"}", "9")).isEqualTo(9);
    assertThat(commitTime("{\"ts_ms\":null}", "9")).isEqualTo(9);
    assertThat(commitTime("{\"ts_ms\":true}", "9")).isEqualTo(1);
    assertThat(commitTime("{\"ts_ms\":{\"a\":1}}", "9")).isEqualTo(9);
    assertThat(commitTime(sourceWithoutTs, "9")).isEqualTo(9);
    assertThat(commitTime("[{\"ts_ms\":5}]", "\"12\"")).isEqualTo(12);
    assertThat(commitTime(null, null)).isZero();
    assertThat(commitTime(sourceWithoutTs, "\"x\"")).isZero();
  }

  @Example
  void shouldTakeOnlyATextTransactionId() {
    assertThat(transactionId("{\"id\":17}")).isNull();
    assertThat(transactionId("{\"total_order\":1}")).isNull();
    assertThat(transactionId("\"0-1-14\"")).isNull();
    assertThat(transactionId("{\"id\":\"a\",\"id\":\"b\"}")).isEqualTo("b");
  }

  @Example
  void shouldPrintTheKeyAsCompactJson() {
    assertThat(decodeKey(" { \"id\" : 42 } ")).isEqualTo("{\"id\":42}");
    assertThat(decodeKey("{\"id\":-0}")).isEqualTo("{\"id\":0}");
    assertThat(decodeKey("{\"a\":\"\\u0041\",\"a\":1.50}")).isEqualTo("{\"a\":1.5}");
    assertThat(decodeKey("{\"order_id\":7,\"line\":\"x y\"}"))
        .isEqualTo("{\"order_id\":7,\"line\":\"x y\"}");
    assertThat(decodeKey("[1] trailing")).isEqualTo("[1]");
    assertThat(decodeKey("null")).isEqualTo("null");
  }

  // ---- each reason ----

  @Example
  void shouldFailWithoutKeyOrValue() {
    assertFailure(() -> decoder.decode(null, bytes(valid())), "missing-key");
    assertFailure(() -> decoder.decode(bytes(KEY), null), "tombstone");
  }

  @Example
  void shouldFailOnValueOrKeyThatIsNoJson() {
    String broken = valid().substring(0, 120);

    assertFailure(() -> decode(KEY, broken), "undecodable-json")
        .hasMessageStartingWith("raw change value is not JSON (Unexpected end-of-input")
        .hasMessageEndingWith("): " + broken.substring(0, 80));
    assertFailure(() -> decode(KEY, "{\"op\":\"c\",}"), "undecodable-json")
        .hasMessageStartingWith("raw change value is not JSON (Unexpected character ('}'");
    assertFailure(() -> decode(KEY, ""), "undecodable-json")
        .hasMessage("raw change value is empty");
    assertFailure(() -> decode(KEY, " \n"), "undecodable-json")
        .hasMessage("raw change value is empty");
    assertFailure(() -> decode("{\"id\":", valid()), "undecodable-json")
        .hasMessageStartingWith("raw change key is not JSON (Unexpected end-of-input")
        .hasMessageEndingWith("): {\"id\":");
    assertFailure(() -> decode("", valid()), "undecodable-json")
        .hasMessage("raw change key is empty");
    // the value is read before the key
    assertFailure(() -> decode("{", "{"), "undecodable-json")
        .hasMessageStartingWith("raw change value");
  }

  @Example
  void shouldFailOnJsonErrorsInMembersItDoesNotUse() {
    // an unused member holding the UTF-8 form of a lone surrogate (ED A0 80), which JSON forbids
    ByteArrayOutputStream withSurrogate = new ByteArrayOutputStream();
    withSurrogate.writeBytes(bytes("{\"op\":\"c\",\"x\":\""));
    withSurrogate.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    withSurrogate.writeBytes(bytes("\",\"after\":" + ROW + "}"));

    assertFailure(() -> decoder.decode(bytes(KEY), withSurrogate.toByteArray()), "undecodable-json")
        .hasMessageContaining("Illegal surrogate character");
    assertFailure(() -> decode(KEY, "{\"op\":\"c\",\"x\":\"a\\qb\"}"), "undecodable-json")
        .hasMessageContaining("Unrecognized character escape 'q'");
    assertFailure(() -> decode(KEY, "{\"op\":\"c\",\"x\":\"ab"), "undecodable-json")
        .hasMessageContaining("Unexpected end-of-input in VALUE_STRING");
    assertFailure(() -> decode(KEY, "\"ab"), "undecodable-json")
        .hasMessageContaining("Unexpected end-of-input in VALUE_STRING");
    assertFailure(() -> decode(KEY, "\"a\\qb\""), "undecodable-json")
        .hasMessageContaining("Unrecognized character escape 'q'");
    assertFailure(() -> decode(KEY, "{\"op\":\"c\",\"x\":[1,{\"y\":01}]}"), "undecodable-json")
        .hasMessageContaining("Leading zeroes not allowed");
    assertFailure(() -> decode(KEY, "{\"x\":\"" + "1".repeat(1001) + "\"," + "\"op\":1}"))
        .hasMessage("raw change has no text field 'op'");
    assertFailure(() -> decode(KEY, "{\"x\":" + "1".repeat(1001) + "}"), "undecodable-json")
        .hasMessageContaining("Number value length (1001) exceeds the maximum allowed");
  }

  @Example
  void shouldLimitTheNestingOfMembersItDoesNotUse() {
    String deep = "[".repeat(998) + "]".repeat(998);
    String tooDeep = "[".repeat(1000) + "]".repeat(1000);

    assertThat(decode(KEY, "{\"x\":" + deep + "," + valid().substring(1)).row())
        .isEqualTo(tree(ROW));
    assertFailure(
            () -> decode(KEY, "{\"x\":" + tooDeep + "," + valid().substring(1)), "undecodable-json")
        .hasMessageContaining("nesting depth (1001) exceeds the maximum allowed (1000");
  }

  @Example
  void shouldIgnoreWhatFollowsTheValue() {
    assertThat(decode(KEY, valid() + "} trailing ]").row()).isEqualTo(tree(ROW));
  }

  @Example
  void shouldFailOnAnInvalidEnvelope() {
    assertFailure(() -> decode(KEY, envelope(null, null, ROW, null, null, null, POSITION, null)))
        .hasMessage("raw change has no text field 'op'");
    assertFailure(() -> decode(KEY, envelope("1", null, ROW, null, null, null, POSITION, null)))
        .hasMessage("raw change has no text field 'op'");
    assertFailure(() -> decode(KEY, "[1]")).hasMessage("raw change has no text field 'op'");
    assertFailure(() -> decode(KEY, "\"x\"")).hasMessage("raw change has no text field 'op'");
    assertFailure(() -> decode(KEY, "null")).hasMessage("raw change has no text field 'op'");
    assertFailure(() -> decode(KEY, envelope("c", null, null, null, null, null, POSITION, null)))
        .hasMessage("op 'c' needs an object in 'after'");
    assertFailure(() -> decode(KEY, envelope("u", ROW, "[1]", null, null, null, POSITION, null)))
        .hasMessage("op 'u' needs an object in 'after'");
    assertFailure(() -> decode(KEY, envelope("d", "null", ROW, null, null, null, POSITION, null)))
        .hasMessage("op 'd' needs an object in 'before'");
    String noFile = "{\"gtid\":\"0-1-14\",\"file\":7,\"pos\":8207}";
    assertFailure(() -> decode(KEY, envelope("c", null, ROW, null, null, null, noFile, null)))
        .hasMessage("raw change has no text field 'file'");
  }

  @Example
  void shouldFailOnAnUnknownOp() {
    assertFailure(
            () -> decode(KEY, envelope("x", null, ROW, null, null, null, POSITION, null)),
            "unknown-op")
        .hasMessage("op 'x' is not one of r, c, u, d (read, create, update, delete)");
  }

  @Example
  void shouldFailWithoutAPosition() {
    assertFailure(
            () -> decode(KEY, envelope("c", null, ROW, null, null, null, null, null)),
            "missing-position")
        .hasMessage("raw change has no 'position' object (is it from cdc-source?)");
    assertFailure(
        () -> decode(KEY, envelope("c", null, ROW, null, null, null, "[]", null)),
        "missing-position");
    String noPos = "{\"file\":\"mysql-bin.000003\",\"pos\":\"8207\",\"x\":{\"y\":[1, 2]}}";
    assertFailure(
            () -> decode(KEY, envelope("c", null, ROW, null, null, null, noPos, null)),
            "missing-position")
        .hasMessage(
            "position has no numeric 'pos': "
                + "{\"file\":\"mysql-bin.000003\",\"pos\":\"8207\",\"x\":{\"y\":[1,2]}}");
    String noCommit = "{\"lsn\":5,\"lsn_commit\":null}";
    assertFailure(
            () -> decode(KEY, envelope("c", null, ROW, null, null, null, noCommit, null)),
            "missing-position")
        .hasMessage("PostgreSQL position needs numeric lsn and lsn_commit: " + noCommit);
    String textLsn = "{\"lsn\":\"5\",\"lsn_commit\":5}";
    assertFailure(
        () -> decode(KEY, envelope("c", null, ROW, null, null, null, textLsn, null)),
        "missing-position");
  }

  @Example
  void shouldFailOnAnInvalidPosition() {
    String noSuffix = "{\"file\":\"mysql-bin\",\"pos\":8207}";
    String negative = "{\"file\":\"mysql-bin.000003\",\"pos\":-1}";

    assertFailure(
            () -> decode(KEY, envelope("c", null, ROW, null, null, null, noSuffix, null)),
            "invalid-position")
        .hasMessage("binlog file name 'mysql-bin' has no numeric suffix such as .000003");
    assertFailure(
            () -> decode(KEY, envelope("c", null, ROW, null, null, null, negative, null)),
            "invalid-position")
        .hasMessageContaining("must not be negative");
  }

  @Example
  void shouldFailOnANegativePostgresLsnAsAnInvalidPosition() {
    String negative = "{\"lsn\":-5,\"lsn_commit\":5}";

    assertFailure(
            () -> decode(KEY, envelope("c", null, ROW, null, null, null, negative, null)),
            "invalid-position")
        .hasMessageContaining("must not be negative");
  }

  // ---- helpers ----

  /**
   * An envelope with the given members in Debezium's order, each left out when null; {@code op} is
   * written as a string unless it is a number, {@code extra} adds an unknown member.
   */
  private static String envelope(
      String op,
      String before,
      String after,
      String source,
      String tsMs,
      String transaction,
      String position,
      String extra) {
    StringBuilder json = new StringBuilder("{");
    member(json, "before", before);
    member(json, "after", after);
    member(json, "source", source);
    member(json, "transaction", transaction);
    member(json, "op", op == null || op.matches("\\d+") ? op : "\"" + op + "\"");
    member(json, "ts_ms", tsMs);
    if (extra != null) {
      member(json, extra, "{\"nested\":[true,null,{\"deep\":1.5}]}");
    }
    member(json, "position", position);
    return json.append('}').toString();
  }

  private static void member(StringBuilder json, String name, String value) {
    if (value != null) {
      json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":");
      json.append(value);
    }
  }

  private static String valid() {
    return envelope("c", "null", ROW, SOURCE, "1", TRANSACTION, POSITION, null);
  }

  private long commitTime(String source, String tsMs) {
    return decode(KEY, envelope("c", null, ROW, source, tsMs, null, POSITION, null)).commitTimeMs();
  }

  private String transactionId(String transaction) {
    return decode(KEY, envelope("c", null, ROW, null, null, transaction, POSITION, null))
        .transactionId();
  }

  private String decodeKey(String key) {
    return decode(key, valid()).key();
  }

  private RawChange decode(String key, String value) {
    return decoder.decode(bytes(key), bytes(value));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFailure(Runnable decode) {
    return assertFailure(decode, "invalid-envelope");
  }

  /** Asserts a {@link DecodeException} for {@code reason} (any reason when null). */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertFailure(
      Runnable decode, String reason) {
    AbstractThrowableAssert<?, ? extends Throwable> failure =
        assertThatThrownBy(decode::run).isInstanceOf(DecodeException.class);
    if (reason != null) {
      failure.satisfies(e -> assertThat(((DecodeException) e).reason()).isEqualTo(reason));
    }
    return failure;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
