package io.crmerpsync.registry.subjects;

import java.util.Optional;

/**
 * A schema as a client sends it to register, look up or check.
 *
 * @param schema the schema text, as sent
 * @param schemaType the declared type; empty means AVRO (Confluent's default)
 * @param hasReferences true when the request names schema references, which this registry does not
 *     resolve
 */
public record SchemaRequest(String schema, Optional<String> schemaType, boolean hasReferences) {

  /** An Avro schema without references. */
  public static SchemaRequest avro(String schema) {
    return new SchemaRequest(schema, Optional.empty(), false);
  }
}
