package io.crmerpsync.streams.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The raw key's text: taken as it is when cdc-source's compact integer shape, parsed and printed
 * otherwise. Both ways must give the same text, or the same failure, for every key.
 */
class RawChangeKeyTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 3000)
  void shouldGiveWhatParsingAndPrintingGives(@ForAll("keys") String key) {
    assertSameAsParsingAndPrinting(key);
  }

  @Property(tries = 3000)
  void shouldGiveWhatParsingAndPrintingGivesForObjectsOfMembers(@ForAll("objects") String key) {
    assertSameAsParsingAndPrinting(key);
  }

  private static void assertSameAsParsingAndPrinting(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    String printed;
    try {
      JsonNode tree = JSON.readTree(bytes);
      printed = tree == null || tree.isMissingNode() ? null : tree.toString();
    } catch (java.io.IOException e) {
      printed = null;
    }
    if (printed == null) {
      assertThat(catchThrowable(() -> RawChangeDecoder.keyText(bytes)))
          .isInstanceOf(DecodeException.class);
    } else {
      assertThat(RawChangeDecoder.keyText(bytes)).isEqualTo(printed);
    }
  }

  @Example
  void shouldTakeCompactIntegerKeysAsTheyAre() {
    for (String key :
        List.of(
            "{\"id\":42}",
            "{\"id\":0}",
            "{\"order_id\":7,\"line_no\":2}",
            "{\"id\":123456789012345678}")) {
      assertThat(RawChangeDecoder.keyText(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(key);
    }
  }

  @Example
  void shouldNormaliseEveryOtherShape() {
    assertThat(keyText("{\"id\":007}")).isNull();
    assertThat(keyText("{ \"id\":7}")).isEqualTo("{\"id\":7}");
    assertThat(keyText("{\"id\":-0}")).isEqualTo("{\"id\":0}");
    assertThat(keyText("{\"a\":1,\"a\":2}")).isEqualTo("{\"a\":2}");
    assertThat(keyText("{\"id\":7}x")).isEqualTo("{\"id\":7}");
    assertThat(keyText("{\"id\":1234567890123456789012}"))
        .isEqualTo("{\"id\":1234567890123456789012}");
  }

  private static String keyText(String key) {
    try {
      return RawChangeDecoder.keyText(key.getBytes(StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      return null;
    }
  }

  /**
   * Objects of one to ten members, most in the compact shape, some with a repeated name, a leading
   * zero, a sign, 19 digits, a decimal, a text value or white space.
   */
  @Provide
  Arbitrary<String> objects() {
    Arbitrary<String> member =
        net.jqwik.api.Combinators.combine(
                Arbitraries.of("id", "a", "_x9", "line_no", "order_id", "A"),
                Arbitraries.of(
                    "0",
                    "7",
                    "42",
                    "123456789012345678",
                    "07",
                    "-1",
                    "1234567890123456789",
                    "1.5",
                    "\"s\""),
                Arbitraries.of("", "", "", " "))
            .as((name, value, space) -> "\"" + name + "\":" + space + value);
    return member
        .list()
        .ofMinSize(1)
        .ofMaxSize(10)
        .map(members -> "{" + String.join(",", members) + "}");
  }

  /** Keys made of the pieces that separate the two ways: names, digits, signs, spaces, repeats. */
  @Provide
  Arbitrary<String> keys() {
    Arbitrary<String> token =
        Arbitraries.of(
            "{",
            "}",
            "\"",
            ":",
            ",",
            "id",
            "a",
            "_x9",
            "0",
            "7",
            "00",
            "07",
            "-",
            "-0",
            " ",
            "1.5",
            "e3",
            "123456789012345678",
            "1234567890123456789",
            "\"s\"",
            "[",
            "]",
            "\\u0041",
            "é",
            "{\"id\":",
            "{\"id\":1",
            ",\"line\":",
            "}x");
    return token.list().ofMinSize(1).ofMaxSize(12).map(parts -> String.join("", parts));
  }
}
