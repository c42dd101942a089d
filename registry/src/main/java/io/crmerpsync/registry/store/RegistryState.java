package io.crmerpsync.registry.store;

import io.crmerpsync.registry.compat.CompatibilityLevel;
import io.crmerpsync.registry.store.LogEntry.ConfigCleared;
import io.crmerpsync.registry.store.LogEntry.ConfigSet;
import io.crmerpsync.registry.store.LogEntry.SchemaVersion;
import io.crmerpsync.registry.store.LogEntry.SchemaVersionRemoved;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registry knows: subjects with their versions, the global id of every schema, and the
 * compatibility levels. Built only by {@link #apply applying} log entries in log order, so the same
 * log always gives the same state (ids included).
 *
 * <p>Ids are never reused: the next id is one more than the highest id ever seen, deleted or not. A
 * schema text (canonical form) has one id; if the log says otherwise (two writers raced, which the
 * single-instance rule forbids) the first id seen wins the text-to-id lookup and a warning is
 * logged. Thread-safe: one thread applies, request threads read.
 */
public final class RegistryState {

  private static final Logger log = LoggerFactory.getLogger(RegistryState.class);

  private final CompatibilityLevel defaultLevel;
  private final Map<String, NavigableMap<Integer, StoredVersion>> subjects = new TreeMap<>();
  private final Map<Integer, String> schemaById = new HashMap<>();
  private final Map<String, Integer> idBySchema = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel;
  private int maxId;

  /** An empty state whose global level is {@code defaultLevel} until the log sets another. */
  public RegistryState(CompatibilityLevel defaultLevel) {
    this.defaultLevel = defaultLevel;
  }

  /** Applies one log entry. Entries must come in log order. */
  public synchronized void apply(LogEntry entry) {
    if (entry instanceof SchemaVersion v) {
      applyVersion(v);
    } else if (entry instanceof SchemaVersionRemoved r) {
      NavigableMap<Integer, StoredVersion> versions = subjects.get(r.subject());
      if (versions != null) {
        versions.remove(r.version());
        if (versions.isEmpty()) {
          subjects.remove(r.subject());
        }
      }
    } else if (entry instanceof ConfigSet c) {
      c.subject()
          .ifPresentOrElse(
              subject -> subjectLevels.put(subject, c.level()), () -> globalLevel = c.level());
    } else if (entry instanceof ConfigCleared c) {
      c.subject().ifPresentOrElse(subjectLevels::remove, () -> globalLevel = null);
    }
  }

  private void applyVersion(SchemaVersion v) {
    subjects
        .computeIfAbsent(v.subject(), s -> new TreeMap<>())
        .put(
            v.version(),
            new StoredVersion(
                v.subject(), v.version(), v.id(), v.schemaType(), v.schema(), v.deleted()));
    String known = schemaById.putIfAbsent(v.id(), v.schema());
    if (known != null && !known.equals(v.schema())) {
      log.warn(
          "Schema id {} of {} version {} names a different schema than before; keeping the first",
          v.id(),
          v.subject(),
          v.version());
      schemaById.put(v.id(), known);
    }
    Integer idOfText = idBySchema.putIfAbsent(v.schema(), v.id());
    if (idOfText != null && idOfText != v.id()) {
      log.warn(
          "Schema of {} version {} already has id {}, the log says {}; keeping {}",
          v.subject(),
          v.version(),
          idOfText,
          v.id(),
          idOfText);
    }
    maxId = Math.max(maxId, v.id());
  }

  /**
   * Subject names, sorted; with {@code includeDeleted} also those whose versions are all deleted.
   */
  public synchronized List<String> subjects(boolean includeDeleted) {
    List<String> names = new ArrayList<>();
    subjects.forEach(
        (name, versions) -> {
          if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
            names.add(name);
          }
        });
    return names;
  }

  /** The versions of a subject, oldest first; empty when the subject is unknown. */
  public synchronized List<StoredVersion> versions(String subject, boolean includeDeleted) {
    NavigableMap<Integer, StoredVersion> versions = subjects.get(subject);
    if (versions == null) {
      return List.of();
    }
    return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
  }

  /** The highest version number a subject ever had, deleted ones included; 0 if none. */
  public synchronized int highestVersion(String subject) {
    NavigableMap<Integer, StoredVersion> versions = subjects.get(subject);
    return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
  }

  /** The schema text of a global id, also when every version using it was soft-deleted. */
  public synchronized Optional<String> schemaById(int id) {
    return Optional.ofNullable(schemaById.get(id));
  }

  /** The global id already given to this (canonical) schema text, if any. */
  public synchronized Optional<Integer> idOf(String schema) {
    return Optional.ofNullable(idBySchema.get(schema));
  }

  /** The id a new schema text gets: one more than any id ever used. */
  public synchronized int nextId() {
    return maxId + 1;
  }

  /** Every subject version that uses the schema {@code id}, by subject then version. */
  public synchronized List<StoredVersion> usagesOf(int id, boolean includeDeleted) {
    List<StoredVersion> usages = new ArrayList<>();
    subjects
        .values()
        .forEach(
            versions ->
                versions.values().stream()
                    .filter(v -> v.id() == id && (includeDeleted || !v.deleted()))
                    .forEach(usages::add));
    return usages;
  }

  /** The global level: the one set through the log, else the configured default. */
  public synchronized CompatibilityLevel globalLevel() {
    return globalLevel != null ? globalLevel : defaultLevel;
  }

  /** The level set for a subject, if one was. */
  public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  /** Number of distinct schema ids (for a gauge). */
  public synchronized int schemaCount() {
    return schemaById.size();
  }
}
