package io.crmerpsync.registry.subjects;

/**
 * The Confluent Schema Registry error codes this registry answers with: HTTP status plus the finer
 * {@code error_code} that clients switch on. Codes not in Confluent's list reuse the HTTP status,
 * as Confluent does for plain HTTP errors.
 */
public enum ErrorCode {
  MALFORMED_REQUEST(400, 400),
  NOT_FOUND(404, 404),
  METHOD_NOT_ALLOWED(405, 405),
  SUBJECT_NOT_FOUND(404, 40401),
  VERSION_NOT_FOUND(404, 40402),
  SCHEMA_NOT_FOUND(404, 40403),
  SUBJECT_SOFT_DELETED(404, 40404),
  VERSION_SOFT_DELETED(404, 40406),
  SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED(404, 40408),
  INCOMPATIBLE_SCHEMA(409, 409),
  REQUEST_TOO_LARGE(413, 413),
  INVALID_SCHEMA(422, 42201),
  INVALID_VERSION(422, 42202),
  INVALID_COMPATIBILITY_LEVEL(422, 42203),
  INTERNAL_ERROR(500, 50001),
  STORE_TIMEOUT(500, 50002),
  NOT_IMPLEMENTED(501, 501);

  private final int httpStatus;
  private final int code;

  ErrorCode(int httpStatus, int code) {
    this.httpStatus = httpStatus;
    this.code = code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int code() {
    return code;
  }
}
