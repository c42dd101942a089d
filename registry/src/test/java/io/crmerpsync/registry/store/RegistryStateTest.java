package io.crmerpsync.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.registry.compat.CompatibilityLevel;
import io.crmerpsync.registry.store.LogEntry.ConfigCleared;
import io.crmerpsync.registry.store.LogEntry.ConfigSet;
import io.crmerpsync.registry.store.LogEntry.SchemaVersion;
import io.crmerpsync.registry.store.LogEntry.SchemaVersionRemoved;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryStateTest {

  private static final String STRING = "\"string\"";
  private static final String LONG = "\"long\"";

  private final RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);

  @Test
  void shouldListSubjectsAndVersionsInOrder() {
    state.apply(new SchemaVersion("b", 1, 1, "AVRO", STRING, false));
    state.apply(new SchemaVersion("a", 2, 2, "AVRO", LONG, false));
    state.apply(new SchemaVersion("a", 1, 1, "AVRO", STRING, false));

    assertThat(state.subjects(false)).containsExactly("a", "b");
    assertThat(state.versions("a", false)).extracting(StoredVersion::version).containsExactly(1, 2);
    assertThat(state.schemaById(2)).contains(LONG);
    assertThat(state.idOf(STRING)).contains(1);
    assertThat(state.usagesOf(1, false))
        .extracting(StoredVersion::subject)
        .containsExactly("a", "b");
  }

  @Test
  void shouldHideSoftDeletedVersionsButKeepTheirIdsAndNumbers() {
    SchemaVersion v1 = new SchemaVersion("s", 1, 5, "AVRO", STRING, false);
    state.apply(v1);
    state.apply(v1.asDeleted());

    assertThat(state.subjects(false)).isEmpty();
    assertThat(state.subjects(true)).containsExactly("s");
    assertThat(state.versions("s", false)).isEmpty();
    assertThat(state.versions("s", true))
        .singleElement()
        .extracting(StoredVersion::deleted)
        .isEqualTo(true);
    assertThat(state.schemaById(5)).contains(STRING);
    assertThat(state.highestVersion("s")).isEqualTo(1);
    assertThat(state.nextId()).isEqualTo(6);
  }

  @Test
  void shouldNeverHandOutAnIdAgainEvenAfterATombstone() {
    state.apply(new SchemaVersion("s", 1, 9, "AVRO", STRING, false));
    state.apply(new SchemaVersionRemoved("s", 1));

    assertThat(state.subjects(true)).isEmpty();
    assertThat(state.nextId()).isEqualTo(10);
  }

  @Test
  void shouldKeepTheFirstIdOfASchemaTextWhenTheLogDisagrees() {
    state.apply(new SchemaVersion("a", 1, 1, "AVRO", STRING, false));
    state.apply(new SchemaVersion("b", 1, 2, "AVRO", STRING, false));

    assertThat(state.idOf(STRING)).contains(1);
    assertThat(state.nextId()).isEqualTo(3);
  }

  @Test
  void shouldUseTheConfiguredDefaultUntilTheLogSetsAGlobalLevel() {
    assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);

    state.apply(new ConfigSet(Optional.empty(), CompatibilityLevel.FULL));
    state.apply(new ConfigSet(Optional.of("s"), CompatibilityLevel.NONE));
    assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.FULL);
    assertThat(state.subjectLevel("s")).contains(CompatibilityLevel.NONE);

    state.apply(new ConfigCleared(Optional.empty()));
    state.apply(new ConfigCleared(Optional.of("s")));
    assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(state.subjectLevel("s")).isEmpty();
  }

  @Test
  void shouldRebuildTheSameStateFromTheSameLog() {
    List<LogEntry> log =
        List.of(
            new SchemaVersion("a", 1, 1, "AVRO", STRING, false),
            new SchemaVersion("b", 1, 1, "AVRO", STRING, false),
            new SchemaVersion("a", 2, 2, "AVRO", LONG, false),
            new SchemaVersion("a", 1, 1, "AVRO", STRING, true),
            new ConfigSet(Optional.of("a"), CompatibilityLevel.FORWARD));
    RegistryState replayed = new RegistryState(CompatibilityLevel.BACKWARD);
    log.forEach(state::apply);
    log.forEach(replayed::apply);

    assertThat(replayed.versions("a", true)).isEqualTo(state.versions("a", true));
    assertThat(replayed.versions("b", true)).isEqualTo(state.versions("b", true));
    assertThat(replayed.nextId()).isEqualTo(state.nextId()).isEqualTo(3);
    assertThat(replayed.subjectLevel("a")).contains(CompatibilityLevel.FORWARD);
    assertThat(replayed.schemaCount()).isEqualTo(2);
  }
}
