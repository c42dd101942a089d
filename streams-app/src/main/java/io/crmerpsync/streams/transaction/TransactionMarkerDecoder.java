package io.crmerpsync.streams.transaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmerpsync.streams.change.DecodeException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Debezium's transaction markers ({@code <prefix>.transaction}). Only END markers that
 * counted changes matter: BEGIN carries no counts, and on every restart Debezium sends the last
 * committed transaction again as BEGIN + END with {@code event_count=0} (measured, decision 5),
 * which must not be taken for a new, empty transaction.
 */
public final class TransactionMarkerDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The END marker in {@code value}, or empty for a BEGIN or a zero-count END. */
  public Optional<TransactionEnd> decode(byte[] value) {
    if (value == null) {
      return Optional.empty();
    }
    JsonNode marker;
    try {
      marker = JSON.readTree(value);
    } catch (IOException e) {
      throw new DecodeException(
          "undecodable-json", "transaction marker is not JSON: " + e.getMessage(), e);
    }
    if (marker == null || !"END".equals(marker.path("status").asText())) {
      return Optional.empty();
    }
    String id = marker.path("id").asText(null);
    if (id == null || id.isEmpty()) {
      throw new DecodeException("invalid-marker", "END marker without an id: " + marker);
    }
    long eventCount = marker.path("event_count").asLong(0);
    if (eventCount == 0) {
      return Optional.empty();
    }
    Map<String, Long> counts = new HashMap<>();
    for (JsonNode collection : marker.path("data_collections")) {
      counts.merge(
          collection.path("data_collection").asText(),
          collection.path("event_count").asLong(0),
          Long::sum);
    }
    return Optional.of(new TransactionEnd(id, eventCount, counts));
  }
}
