package io.crmerpsync.erp.sink.command;

import io.crmerpsync.erp.sink.error.RejectedRecordException;
import org.apache.kafka.connect.sink.SinkRecord;

/** What {@link CommandDecoder} made of one record. */
public sealed interface DecodeResult {

  /** A command ready to apply. */
  record Decoded(CommandRecord command) implements DecodeResult {}

  /** A record that can never be applied; it goes to the errant record reporter. */
  record Undecodable(SinkRecord record, RejectedRecordException reason) implements DecodeResult {}

  /**
   * A record with a null value. Command topics carry deletes as DELETE commands, so a tombstone
   * holds no instruction; it is counted and skipped (it is what compaction cleanup leaves).
   */
  record Tombstone(SinkRecord record) implements DecodeResult {}
}
