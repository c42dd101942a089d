package io.crmerpsync.registry.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionSpecTest {

  @ParameterizedTest
  @ValueSource(strings = {"latest", "LATEST", "-1"})
  void shouldReadLatestAndMinusOneAsTheLatestVersion(String spec) {
    assertThat(SubjectRegistry.parseVersion(spec)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "42", "2147483647"})
  void shouldReadPositiveNumbersAsThatVersion(String spec) {
    assertThat(SubjectRegistry.parseVersion(spec)).contains(Integer.parseInt(spec));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-2", "one", "2147483648", "1.5", ""})
  void shouldRejectAnythingElseWith42202(String spec) {
    assertThatThrownBy(() -> SubjectRegistry.parseVersion(spec))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_VERSION))
        .hasMessageContaining("'" + spec + "' is not a valid version id");
  }
}
