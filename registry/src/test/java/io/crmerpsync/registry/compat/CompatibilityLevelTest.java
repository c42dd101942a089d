package io.crmerpsync.registry.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

  @Test
  void shouldParseLevelNamesIgnoringCaseAndSpaces() {
    assertThat(CompatibilityLevel.parse(" full_transitive "))
        .contains(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(CompatibilityLevel.parse("Backward")).contains(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldRejectUnknownOrMissingNames() {
    assertThat(CompatibilityLevel.parse("SIDEWAYS")).isEmpty();
    assertThat(CompatibilityLevel.parse(null)).isEmpty();
  }

  @Test
  void shouldDescribeDirectionAndReachOfEachLevel() {
    assertThat(CompatibilityLevel.FULL_TRANSITIVE.newMustReadOld()).isTrue();
    assertThat(CompatibilityLevel.FULL_TRANSITIVE.oldMustReadNew()).isTrue();
    assertThat(CompatibilityLevel.FULL_TRANSITIVE.isTransitive()).isTrue();
    assertThat(CompatibilityLevel.FORWARD.newMustReadOld()).isFalse();
    assertThat(CompatibilityLevel.FORWARD.oldMustReadNew()).isTrue();
    assertThat(CompatibilityLevel.NONE.newMustReadOld() || CompatibilityLevel.NONE.oldMustReadNew())
        .isFalse();
    assertThat(CompatibilityLevel.allowedNames())
        .isEqualTo(
            "NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
  }
}
