package io.crmerpsync.registry.subjects;

import io.crmerpsync.registry.compat.CompatibilityChecker;
import io.crmerpsync.registry.compat.CompatibilityChecker.Earlier;
import io.crmerpsync.registry.compat.CompatibilityLevel;
import io.crmerpsync.registry.compat.CompatibilityResult;
import io.crmerpsync.registry.store.LogEntry;
import io.crmerpsync.registry.store.LogEntry.SchemaVersion;
import io.crmerpsync.registry.store.RegistryState;
import io.crmerpsync.registry.store.SchemaLog;
import io.crmerpsync.registry.store.StoreException;
import io.crmerpsync.registry.store.StoredVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations with Confluent semantics: register, look up, delete, configure and
 * check compatibility. Reads come from the in-memory state; every change goes through the {@link
 * SchemaLog} and is visible once it is durable.
 *
 * <p>Writes are serialised by one lock: the decision (is it new? is it compatible? which id and
 * version?) and the write happen as one step, after catching up with the log.
 *
 * <p>Deletes are soft: a deleted version is hidden from listings and lookups but keeps its id, and
 * {@code GET /schemas/ids/{id}} still answers, because records written with it still exist.
 * Permanent deletes are refused: removing records from a compacted log would let an id be handed
 * out again after a restart.
 */
public final class SubjectRegistry {

  private static final Logger log = LoggerFactory.getLogger(SubjectRegistry.class);
  private static final String LATEST = "latest";

  private final RegistryState state;
  private final SchemaLog schemaLog;
  private final CompatibilityChecker checker = new CompatibilityChecker();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<Integer, Schema> parsedById = new ConcurrentHashMap<>();

  public SubjectRegistry(RegistryState state, SchemaLog schemaLog) {
    this.state = state;
    this.schemaLog = schemaLog;
  }

  /** Subject names with at least one live version (or all, with {@code includeDeleted}). */
  public List<String> subjects(boolean includeDeleted) {
    return state.subjects(includeDeleted);
  }

  /** The version numbers of a subject, oldest first. */
  public List<Integer> versions(String subject, boolean includeDeleted) {
    return requireVersions(subject, includeDeleted).stream().map(StoredVersion::version).toList();
  }

  /** One version of a subject; {@code versionSpec} is a number, {@code latest} or {@code -1}. */
  public StoredVersion version(String subject, String versionSpec, boolean includeDeleted) {
    List<StoredVersion> versions = requireVersions(subject, includeDeleted);
    Optional<Integer> wanted = parseVersion(versionSpec);
    if (wanted.isEmpty()) {
      return versions.get(versions.size() - 1);
    }
    return versions.stream()
        .filter(v -> v.version() == wanted.get())
        .findFirst()
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorCode.VERSION_NOT_FOUND,
                    "Version " + wanted.get() + " not found for subject '" + subject + "'"));
  }

  /**
   * Registers a schema under a subject and returns its global id. A schema already live under the
   * subject returns its id without a new version; a schema known under any subject keeps its id.
   *
   * @throws RegistryException 42201 invalid schema, 409 incompatible, 5000x store failure
   */
  public int register(String subject, SchemaRequest request) {
    AvroSchemas.Parsed parsed = AvroSchemas.parse(request);
    return underWriteLock(
        () -> {
          List<StoredVersion> live = state.versions(subject, false);
          Optional<StoredVersion> same =
              live.stream().filter(v -> v.schema().equals(parsed.canonical())).findFirst();
          if (same.isPresent()) {
            return same.get().id();
          }
          CompatibilityLevel level = effectiveLevel(subject);
          CompatibilityResult result = checker.check(parsed.schema(), earlier(live), level);
          if (!result.isCompatible()) {
            throw new RegistryException(
                ErrorCode.INCOMPATIBLE_SCHEMA,
                "Schema being registered is incompatible with an earlier schema for subject '"
                    + subject
                    + "' (compatibility "
                    + level
                    + "): "
                    + String.join("; ", result.messages()));
          }
          int id = state.idOf(parsed.canonical()).orElseGet(state::nextId);
          int version = state.highestVersion(subject) + 1;
          schemaLog.append(
              new SchemaVersion(subject, version, id, AvroSchemas.AVRO, parsed.canonical(), false));
          parsedById.putIfAbsent(id, parsed.schema());
          log.info("Registered {} version {} as schema id {}", subject, version, id);
          return id;
        });
  }

  /** Finds the live version of {@code subject} that holds this schema. */
  public StoredVersion lookup(String subject, SchemaRequest request, boolean includeDeleted) {
    AvroSchemas.Parsed parsed = AvroSchemas.parse(request);
    List<StoredVersion> versions = requireVersions(subject, includeDeleted);
    return versions.stream()
        .filter(v -> v.schema().equals(parsed.canonical()))
        .reduce((first, later) -> later)
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorCode.SCHEMA_NOT_FOUND,
                    "Schema not found under subject '" + subject + "'"));
  }

  /** The schema text of a global id. */
  public String schemaById(int id) {
    return state
        .schemaById(id)
        .orElseThrow(
            () -> new RegistryException(ErrorCode.SCHEMA_NOT_FOUND, "Schema " + id + " not found"));
  }

  /** The subject versions that use a global id. */
  public List<StoredVersion> usagesOf(int id, boolean includeDeleted) {
    schemaById(id);
    return state.usagesOf(id, includeDeleted);
  }

  /**
   * Soft-deletes every live version of a subject and returns their numbers.
   *
   * @throws RegistryException 501 for {@code permanent}, 40404 if already deleted, 40401 unknown
   */
  public List<Integer> deleteSubject(String subject, boolean permanent) {
    refusePermanent(permanent);
    return underWriteLock(
        () -> {
          List<StoredVersion> live = state.versions(subject, false);
          if (live.isEmpty()) {
            throw state.versions(subject, true).isEmpty()
                ? subjectNotFound(subject)
                : new RegistryException(
                    ErrorCode.SUBJECT_SOFT_DELETED,
                    "Subject '" + subject + "' was soft deleted already");
          }
          for (StoredVersion v : live) {
            schemaLog.append(toEntry(v).asDeleted());
          }
          log.info("Soft-deleted subject {} ({} versions)", subject, live.size());
          return live.stream().map(StoredVersion::version).toList();
        });
  }

  /** Soft-deletes one version and returns its number. */
  public int deleteVersion(String subject, String versionSpec, boolean permanent) {
    refusePermanent(permanent);
    Optional<Integer> wanted = parseVersion(versionSpec);
    return underWriteLock(
        () -> {
          StoredVersion target;
          if (wanted.isEmpty()) {
            target = version(subject, LATEST, false);
          } else {
            target = version(subject, versionSpec, true);
            if (target.deleted()) {
              throw new RegistryException(
                  ErrorCode.VERSION_SOFT_DELETED,
                  "Version "
                      + target.version()
                      + " of subject '"
                      + subject
                      + "' was soft deleted already");
            }
          }
          schemaLog.append(toEntry(target).asDeleted());
          log.info("Soft-deleted {} version {}", subject, target.version());
          return target.version();
        });
  }

  /** The global compatibility level. */
  public CompatibilityLevel globalLevel() {
    return state.globalLevel();
  }

  /** The level set for a subject, if any. */
  public Optional<CompatibilityLevel> subjectLevel(String subject) {
    return state.subjectLevel(subject);
  }

  /** The level that applies to a subject: its own, else the global one. */
  public CompatibilityLevel effectiveLevel(String subject) {
    return state.subjectLevel(subject).orElseGet(state::globalLevel);
  }

  /** Sets the global level ({@code subject} empty) or a subject's level; returns the level. */
  public CompatibilityLevel setLevel(Optional<String> subject, String levelName) {
    CompatibilityLevel level =
        CompatibilityLevel.parse(levelName)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorCode.INVALID_COMPATIBILITY_LEVEL,
                        "Invalid compatibility level '"
                            + levelName
                            + "'. Valid values are "
                            + CompatibilityLevel.allowedNames()));
    underWriteLock(() -> schemaLog.append(new LogEntry.ConfigSet(subject, level)));
    log.info("Compatibility of {} set to {}", subject.orElse("(global)"), level);
    return level;
  }

  /** Removes a subject's own level (it follows the global one again); returns the removed level. */
  public CompatibilityLevel clearSubjectLevel(String subject) {
    return underWriteLock(
        () -> {
          CompatibilityLevel previous =
              state
                  .subjectLevel(subject)
                  .orElseThrow(
                      () ->
                          new RegistryException(
                              ErrorCode.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                              "Subject '"
                                  + subject
                                  + "' does not have subject-level compatibility configured"));
          schemaLog.append(new LogEntry.ConfigCleared(Optional.of(subject)));
          return previous;
        });
  }

  /**
   * Checks a schema against one version ({@code versionSpec}) or, when empty, against the versions
   * the subject's level names, without registering anything.
   */
  public CompatibilityResult testCompatibility(
      String subject, Optional<String> versionSpec, SchemaRequest request) {
    AvroSchemas.Parsed parsed = AvroSchemas.parse(request);
    CompatibilityLevel level = effectiveLevel(subject);
    List<StoredVersion> compared =
        versionSpec.isPresent()
            ? List.of(version(subject, versionSpec.get(), false))
            : state.versions(subject, false);
    return checker.check(parsed.schema(), earlier(compared), level);
  }

  private List<Earlier> earlier(List<StoredVersion> versions) {
    return versions.stream().map(v -> new Earlier(v.version(), parsedSchema(v))).toList();
  }

  private Schema parsedSchema(StoredVersion v) {
    return parsedById.computeIfAbsent(v.id(), id -> AvroSchemas.parseStored(v.schema()));
  }

  private List<StoredVersion> requireVersions(String subject, boolean includeDeleted) {
    List<StoredVersion> versions = state.versions(subject, includeDeleted);
    if (versions.isEmpty()) {
      throw subjectNotFound(subject);
    }
    return versions;
  }

  private static RegistryException subjectNotFound(String subject) {
    return new RegistryException(
        ErrorCode.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found");
  }

  /** Empty for latest; otherwise the version number. */
  static Optional<Integer> parseVersion(String spec) {
    if (LATEST.equalsIgnoreCase(spec) || "-1".equals(spec)) {
      return Optional.empty();
    }
    try {
      int version = Integer.parseInt(spec);
      if (version >= 1) {
        return Optional.of(version);
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new RegistryException(
        ErrorCode.INVALID_VERSION,
        "The specified version '"
            + spec
            + "' is not a valid version id. Allowed values are between [1, "
            + Integer.MAX_VALUE
            + "] and the string \"latest\"");
  }

  private static void refusePermanent(boolean permanent) {
    if (permanent) {
      throw new RegistryException(
          ErrorCode.NOT_IMPLEMENTED,
          "permanent deletes are not supported: this registry only soft-deletes, so ids are never"
              + " reused");
    }
  }

  private static SchemaVersion toEntry(StoredVersion v) {
    return new SchemaVersion(
        v.subject(), v.version(), v.id(), v.schemaType(), v.schema(), v.deleted());
  }

  private <T> T underWriteLock(Supplier<T> write) {
    writeLock.lock();
    try {
      schemaLog.catchUp();
      return write.get();
    } catch (StoreException e) {
      throw new RegistryException(
          e.isTimeout() ? ErrorCode.STORE_TIMEOUT : ErrorCode.INTERNAL_ERROR,
          "Error while writing to the registry's Kafka topic "
              + schemaLog.topic()
              + ": "
              + e.getMessage(),
          e);
    } finally {
      writeLock.unlock();
    }
  }
}
