package io.crmerpsync.schemas.wire;

/** A payload that is not valid Confluent wire-format Avro for the expected type. */
public final class WireFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
