package io.crmerpsync.schemas.wire;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte 0, the schema's registry id as 4 bytes big-endian, then the
 * Avro binary encoding of the value. Consumers that know nothing of this project (Confluent
 * deserializers, ksqlDB, Flink) read it as they read any Confluent topic.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** Writes the 5-byte header into the start of {@code target}. */
  static void writeHeader(ByteBuffer target, int schemaId) {
    target.put(MAGIC_BYTE).putInt(schemaId);
  }

  /**
   * Reads the schema id from a wire-format payload.
   *
   * @throws WireFormatException when the payload is too short or does not start with the magic byte
   *     (e.g. JSON or plain Avro on a topic that should carry the wire format)
   */
  public static int schemaId(byte[] payload) {
    if (payload.length < HEADER_LENGTH) {
      throw new WireFormatException(
          "payload of "
              + payload.length
              + " bytes is shorter than the 5-byte Confluent wire-format header");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new WireFormatException(
          String.format(
              "payload starts with byte 0x%02x, not the Confluent wire-format magic byte 0x00",
              payload[0]));
    }
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }
}
