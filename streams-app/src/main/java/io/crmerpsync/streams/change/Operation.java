package io.crmerpsync.streams.change;

/** The kind of row change, as Debezium's {@code op} field names it. */
public enum Operation {
  /** A row read by the initial snapshot ({@code r}). */
  READ,
  /** An insert ({@code c}). */
  CREATE,
  /** An update ({@code u}). */
  UPDATE,
  /** A delete ({@code d}). */
  DELETE;

  /** The operation for Debezium's one-letter code. */
  public static Operation fromCode(String code) {
    return switch (code) {
      case "r" -> READ;
      case "c" -> CREATE;
      case "u" -> UPDATE;
      case "d" -> DELETE;
      default ->
          throw new DecodeException(
              "unknown-op",
              "op '" + code + "' is not one of r, c, u, d (read, create, update, delete)");
    };
  }
}
