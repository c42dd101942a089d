package io.crmerpsync.schemas.wire;

/**
 * A refusal or failure of the schema registry, carrying the HTTP status and the Confluent {@code
 * error_code} so that callers can tell "incompatible" (409) from "unknown id" (40403).
 */
public final class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = -1;
    this.errorCode = -1;
  }

  /** HTTP status of the registry's answer, or -1 when the registry could not be reached. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent error code of the answer (e.g. 40403), or -1 when there was none. */
  public int errorCode() {
    return errorCode;
  }
}
