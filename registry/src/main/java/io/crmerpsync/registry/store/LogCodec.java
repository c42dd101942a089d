package io.crmerpsync.registry.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.registry.compat.CompatibilityLevel;
import io.crmerpsync.registry.store.LogEntry.ConfigCleared;
import io.crmerpsync.registry.store.LogEntry.ConfigSet;
import io.crmerpsync.registry.store.LogEntry.SchemaVersion;
import io.crmerpsync.registry.store.LogEntry.SchemaVersionRemoved;
import java.io.IOException;
import java.util.Optional;

/**
 * JSON encoding of {@link LogEntry} as Kafka key and value.
 *
 * <p>Keys are written with a fixed field order because compaction compares key bytes: the same
 * version or config must always produce the same key. A null value is a tombstone. Key layout:
 * {@code {"keytype":"SCHEMA","magic":1,"subject":"s","version":1}} and {@code
 * {"keytype":"CONFIG","magic":1,"subject":"s"}} (no subject for the global config).
 */
public final class LogCodec {

  static final int MAGIC = 1;
  private static final String SCHEMA = "SCHEMA";
  private static final String CONFIG = "CONFIG";

  private final ObjectMapper json = new ObjectMapper();

  /** The record key of an entry. */
  public byte[] key(LogEntry entry) {
    ObjectNode key = json.createObjectNode();
    if (entry instanceof SchemaVersion v) {
      schemaKey(key, v.subject(), v.version());
    } else if (entry instanceof SchemaVersionRemoved r) {
      schemaKey(key, r.subject(), r.version());
    } else if (entry instanceof ConfigSet c) {
      configKey(key, c.subject());
    } else if (entry instanceof ConfigCleared c) {
      configKey(key, c.subject());
    }
    return write(key);
  }

  /** The record value of an entry, or null for a tombstone. */
  public byte[] value(LogEntry entry) {
    if (entry instanceof SchemaVersion v) {
      ObjectNode value = json.createObjectNode();
      value.put("subject", v.subject());
      value.put("version", v.version());
      value.put("id", v.id());
      value.put("schemaType", v.schemaType());
      value.put("schema", v.schema());
      value.put("deleted", v.deleted());
      return write(value);
    }
    if (entry instanceof ConfigSet c) {
      ObjectNode value = json.createObjectNode();
      value.put("compatibilityLevel", c.level().name());
      return write(value);
    }
    return null; // SchemaVersionRemoved and ConfigCleared are tombstones
  }

  /**
   * Reads a record back.
   *
   * @throws IllegalArgumentException when the record is not one this codec wrote
   */
  public LogEntry decode(byte[] keyBytes, byte[] valueBytes) {
    JsonNode key = read(keyBytes, "key");
    String keyType = key.path("keytype").asText("");
    Optional<String> subject =
        key.hasNonNull("subject") ? Optional.of(key.get("subject").asText()) : Optional.empty();
    switch (keyType) {
      case SCHEMA -> {
        String name =
            subject.orElseThrow(() -> new IllegalArgumentException("schema key has no subject"));
        int version = requireInt(key, "version");
        if (valueBytes == null) {
          return new SchemaVersionRemoved(name, version);
        }
        JsonNode value = read(valueBytes, "value");
        return new SchemaVersion(
            name,
            version,
            requireInt(value, "id"),
            value.path("schemaType").asText("AVRO"),
            requireText(value, "schema"),
            value.path("deleted").asBoolean(false));
      }
      case CONFIG -> {
        if (valueBytes == null) {
          return new ConfigCleared(subject);
        }
        String levelName = requireText(read(valueBytes, "value"), "compatibilityLevel");
        CompatibilityLevel level =
            CompatibilityLevel.parse(levelName)
                .orElseThrow(
                    () -> new IllegalArgumentException("unknown compatibility level " + levelName));
        return new ConfigSet(subject, level);
      }
      default -> throw new IllegalArgumentException("unknown key type '" + keyType + "'");
    }
  }

  private static void schemaKey(ObjectNode key, String subject, int version) {
    key.put("keytype", SCHEMA);
    key.put("magic", MAGIC);
    key.put("subject", subject);
    key.put("version", version);
  }

  private static void configKey(ObjectNode key, Optional<String> subject) {
    key.put("keytype", CONFIG);
    key.put("magic", MAGIC);
    subject.ifPresent(name -> key.put("subject", name));
  }

  private byte[] write(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a log entry", e);
    }
  }

  private JsonNode read(byte[] bytes, String what) {
    if (bytes == null) {
      throw new IllegalArgumentException("record " + what + " is null");
    }
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("record " + what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("record " + what + " is not JSON: " + e.getMessage(), e);
    }
  }

  private static int requireInt(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not an int");
    }
    return value.intValue();
  }

  private static String requireText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
    }
    return value.asText();
  }
}
