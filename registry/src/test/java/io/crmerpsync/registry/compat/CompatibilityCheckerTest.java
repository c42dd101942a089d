package io.crmerpsync.registry.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.registry.compat.CompatibilityChecker.Earlier;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompatibilityCheckerTest {

  private static final Schema V1 =
      record("{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"}");
  private static final Schema WITH_EMAIL_NO_DEFAULT =
      record(
          "{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"},"
              + "{\"name\":\"email\",\"type\":\"string\"}");
  private static final Schema WITH_EMAIL_DEFAULT =
      record(
          "{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"},"
              + "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}");
  private static final Schema WITHOUT_NAME = record("{\"name\":\"id\",\"type\":\"int\"}");

  private final CompatibilityChecker checker = new CompatibilityChecker();

  @Test
  void shouldRejectAFieldAddedWithoutDefaultUnderBackwardAndNameTheField() {
    CompatibilityResult result =
        checker.check(
            WITH_EMAIL_NO_DEFAULT, List.of(new Earlier(1, V1)), CompatibilityLevel.BACKWARD);

    assertThat(result.isCompatible()).isFalse();
    assertThat(result.messages())
        .singleElement()
        .asString()
        .contains("reader field 'email' has no default value and is missing from writer")
        .contains("version 1")
        .contains("BACKWARD")
        .contains("/fields/2");
  }

  @Test
  void shouldAcceptAFieldAddedWithADefaultUnderBackward() {
    CompatibilityResult result =
        checker.check(WITH_EMAIL_DEFAULT, List.of(new Earlier(1, V1)), CompatibilityLevel.BACKWARD);

    assertThat(result.isCompatible()).isTrue();
    assertThat(result.messages()).isEmpty();
  }

  @Test
  void shouldRejectRemovingAFieldWithoutDefaultUnderForwardBecauseOldReadersNeedIt() {
    CompatibilityResult result =
        checker.check(WITHOUT_NAME, List.of(new Earlier(1, V1)), CompatibilityLevel.FORWARD);

    assertThat(result.isCompatible()).isFalse();
    assertThat(result.messages())
        .singleElement()
        .asString()
        .contains("version 1 cannot read data written with the new schema")
        .contains("reader field 'name' has no default value");
  }

  @Test
  void shouldAcceptRemovingAFieldUnderBackwardBecauseTheNewReaderIgnoresIt() {
    assertThat(
            checker
                .check(WITHOUT_NAME, List.of(new Earlier(1, V1)), CompatibilityLevel.BACKWARD)
                .isCompatible())
        .isTrue();
  }

  @Test
  void shouldCheckBothDirectionsUnderFull() {
    List<Earlier> earlier = List.of(new Earlier(1, V1));

    assertThat(checker.check(WITH_EMAIL_DEFAULT, earlier, CompatibilityLevel.FULL).isCompatible())
        .isTrue();
    assertThat(checker.check(WITH_EMAIL_NO_DEFAULT, earlier, CompatibilityLevel.FULL).messages())
        .anySatisfy(m -> assertThat(m).contains("new schema cannot read data written with"));
    assertThat(checker.check(WITHOUT_NAME, earlier, CompatibilityLevel.FULL).messages())
        .anySatisfy(m -> assertThat(m).contains("cannot read data written with the new schema"));
  }

  @Test
  void shouldCompareOnlyWithTheLatestVersionUnlessTheLevelIsTransitive() {
    // v2 dropped "name"; the candidate brings "name" back as an int. Fine against v2,
    // but data written with v1 holds a string there.
    Schema nameAsInt =
        record(
            "{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"int\",\"default\":0}");
    List<Earlier> history = List.of(new Earlier(1, V1), new Earlier(2, WITHOUT_NAME));

    assertThat(checker.check(nameAsInt, history, CompatibilityLevel.BACKWARD).isCompatible())
        .isTrue();
    CompatibilityResult transitive =
        checker.check(nameAsInt, history, CompatibilityLevel.BACKWARD_TRANSITIVE);
    assertThat(transitive.isCompatible()).isFalse();
    assertThat(transitive.messages())
        .singleElement()
        .asString()
        .contains("version 1")
        .contains("type mismatch")
        .contains("/fields/1/type");
  }

  @Test
  void shouldAcceptAnyChangeUnderNone() {
    Schema unrelated = new Schema.Parser().parse("\"string\"");

    assertThat(
            checker
                .check(unrelated, List.of(new Earlier(1, V1)), CompatibilityLevel.NONE)
                .isCompatible())
        .isTrue();
  }

  @ParameterizedTest
  @EnumSource(CompatibilityLevel.class)
  void shouldAcceptAnySchemaWhenThereIsNoEarlierVersion(CompatibilityLevel level) {
    assertThat(checker.check(WITH_EMAIL_NO_DEFAULT, List.of(), level).isCompatible()).isTrue();
  }

  @Test
  void shouldAcceptTheIntToLongPromotionUnderBackwardButNotForward() {
    Schema idAsLong =
        record("{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"}");
    List<Earlier> earlier = List.of(new Earlier(1, V1));

    assertThat(checker.check(idAsLong, earlier, CompatibilityLevel.BACKWARD).isCompatible())
        .isTrue();
    assertThat(checker.check(idAsLong, earlier, CompatibilityLevel.FORWARD).messages())
        .singleElement()
        .asString()
        .contains("type mismatch")
        .contains("LONG");
  }

  @Test
  void shouldNameTheMissingEnumSymbols() {
    Schema statusAb =
        new Schema.Parser()
            .parse("{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\"A\",\"B\"]}");
    Schema statusA =
        new Schema.Parser().parse("{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\"A\"]}");

    CompatibilityResult result =
        checker.check(statusA, List.of(new Earlier(3, statusAb)), CompatibilityLevel.BACKWARD);

    assertThat(result.messages())
        .singleElement()
        .asString()
        .contains("reader enum 'Status' lacks writer symbols")
        .contains("B");
  }

  @Test
  void shouldReportARenamedRecord() {
    Schema renamed =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Client\",\"fields\":"
                    + "[{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"}]}");

    CompatibilityResult result =
        checker.check(renamed, List.of(new Earlier(1, V1)), CompatibilityLevel.BACKWARD);

    assertThat(result.messages())
        .singleElement()
        .asString()
        .contains("reader type name 'Client' does not match");
  }

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse("{\"type\":\"record\",\"name\":\"Customer\",\"fields\":[" + fields + "]}");
  }
}
