package io.crmerpsync.streams.deadletter;

import io.crmerpsync.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds the headers of a dead-letter record: the reason code, a message for a person and the
 * coordinates of the original record, in the header names every component shares.
 */
public final class DeadLetters {
  private static final String COMPONENT = "streams-app";

  private DeadLetters() {}

  /** Headers for a record that failed with {@code reason}, keeping the original headers. */
  public static Headers headers(
      Headers original, RecordMetadata origin, String reason, String message) {
    RecordHeaders headers = new RecordHeaders(original.toArray());
    put(headers, DeadLetterHeaders.REASON, reason);
    put(headers, DeadLetterHeaders.MESSAGE, message == null ? reason : message);
    put(headers, DeadLetterHeaders.COMPONENT, COMPONENT);
    if (origin != null) {
      put(headers, DeadLetterHeaders.TOPIC, origin.topic());
      put(headers, DeadLetterHeaders.PARTITION, Integer.toString(origin.partition()));
      put(headers, DeadLetterHeaders.OFFSET, Long.toString(origin.offset()));
    }
    return headers;
  }

  /**
   * The dead-letter record of {@code failed}: its own key, value and timestamp, with the headers of
   * {@link #headers}.
   */
  public static Record<Object, Object> of(
      Record<?, ?> failed, RecordMetadata origin, String reason, String message) {
    return new Record<>(
        failed.key(),
        failed.value(),
        failed.timestamp(),
        headers(failed.headers(), origin, reason, message));
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
