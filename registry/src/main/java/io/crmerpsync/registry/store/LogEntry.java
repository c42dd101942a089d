package io.crmerpsync.registry.store;

import io.crmerpsync.registry.compat.CompatibilityLevel;
import java.util.Optional;

/**
 * One fact in the registry's log. The in-memory state is nothing but these facts applied in log
 * order, at startup and while running, so a restart rebuilds exactly the same ids and versions.
 */
public sealed interface LogEntry
    permits LogEntry.SchemaVersion,
        LogEntry.SchemaVersionRemoved,
        LogEntry.ConfigSet,
        LogEntry.ConfigCleared {

  /**
   * Version {@code version} of {@code subject} is the schema {@code id}; {@code deleted} = soft.
   */
  record SchemaVersion(
      String subject, int version, int id, String schemaType, String schema, boolean deleted)
      implements LogEntry {

    /** The same version, marked soft-deleted. */
    public SchemaVersion asDeleted() {
      return new SchemaVersion(subject, version, id, schemaType, schema, true);
    }
  }

  /**
   * A tombstone for a version. This registry never writes one (it only soft-deletes), but it
   * tolerates one written by hand or by a later release.
   */
  record SchemaVersionRemoved(String subject, int version) implements LogEntry {}

  /** The compatibility level of a subject, or the global one when {@code subject} is empty. */
  record ConfigSet(Optional<String> subject, CompatibilityLevel level) implements LogEntry {}

  /** Removes a compatibility level (a tombstone for its config key). */
  record ConfigCleared(Optional<String> subject) implements LogEntry {}
}
