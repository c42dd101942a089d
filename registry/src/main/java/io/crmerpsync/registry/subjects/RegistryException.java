package io.crmerpsync.registry.subjects;

/** A request the registry refuses or cannot serve, with the Confluent error it maps to. */
public final class RegistryException extends RuntimeException {

  private final ErrorCode errorCode;

  public RegistryException(ErrorCode errorCode, String message) {
    this(errorCode, message, null);
  }

  public RegistryException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }
}
