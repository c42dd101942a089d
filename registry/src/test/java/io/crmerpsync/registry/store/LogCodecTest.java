package io.crmerpsync.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.registry.compat.CompatibilityLevel;
import io.crmerpsync.registry.store.LogEntry.ConfigCleared;
import io.crmerpsync.registry.store.LogEntry.ConfigSet;
import io.crmerpsync.registry.store.LogEntry.SchemaVersion;
import io.crmerpsync.registry.store.LogEntry.SchemaVersionRemoved;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogCodecTest {

  private final LogCodec codec = new LogCodec();

  @Test
  void shouldReadBackEveryKindOfEntryItWrote() {
    List<LogEntry> entries =
        List.of(
            new SchemaVersion("crm.customers-value", 3, 7, "AVRO", "\"string\"", false),
            new SchemaVersion("s", 1, 1, "AVRO", "\"long\"", true),
            new SchemaVersionRemoved("s", 2),
            new ConfigSet(Optional.empty(), CompatibilityLevel.FULL),
            new ConfigSet(Optional.of("s"), CompatibilityLevel.NONE),
            new ConfigCleared(Optional.of("s")),
            new ConfigCleared(Optional.empty()));

    for (LogEntry entry : entries) {
      assertThat(codec.decode(codec.key(entry), codec.value(entry))).isEqualTo(entry);
    }
  }

  @Test
  void shouldGiveAVersionAndItsDeletionTheSameKeySoCompactionKeepsOnlyTheLast() {
    SchemaVersion live = new SchemaVersion("s", 1, 1, "AVRO", "\"string\"", false);

    assertThat(codec.key(live.asDeleted())).isEqualTo(codec.key(live));
    assertThat(codec.key(new SchemaVersionRemoved("s", 1))).isEqualTo(codec.key(live));
    assertThat(codec.key(new ConfigCleared(Optional.of("s"))))
        .isEqualTo(codec.key(new ConfigSet(Optional.of("s"), CompatibilityLevel.FULL)));
  }

  @Test
  void shouldWriteTombstonesForRemovals() {
    assertThat(codec.value(new SchemaVersionRemoved("s", 1))).isNull();
    assertThat(codec.value(new ConfigCleared(Optional.empty()))).isNull();
  }

  @Test
  void shouldRefuseRecordsItCannotUnderstand() {
    byte[] foreignKey = "{\"keytype\":\"NOOP\"}".getBytes(StandardCharsets.UTF_8);
    byte[] notJson = "schema!".getBytes(StandardCharsets.UTF_8);
    byte[] schemaKey = codec.key(new SchemaVersion("s", 1, 1, "AVRO", "\"string\"", false));
    byte[] valueWithoutId = "{\"schema\":\"\\\"int\\\"\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> codec.decode(foreignKey, notJson))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOOP");
    assertThatThrownBy(() -> codec.decode(notJson, notJson))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> codec.decode(schemaKey, valueWithoutId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'id'");
    assertThatThrownBy(() -> codec.decode(null, notJson))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
