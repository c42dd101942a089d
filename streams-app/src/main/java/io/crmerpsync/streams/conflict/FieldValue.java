package io.crmerpsync.streams.conflict;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field's value with its provenance: which source set it and when that source committed it.
 *
 * @param agreed the value this one replaced, kept for the review policy: a concurrent edit sends
 *     the field back to it
 */
public record FieldValue(JsonNode value, String source, long commitTimeMs, FieldValue agreed) {

  /** The same value without history, as it is kept as somebody's last agreed value. */
  FieldValue withoutHistory() {
    return agreed == null ? this : new FieldValue(value, source, commitTimeMs, null);
  }
}
