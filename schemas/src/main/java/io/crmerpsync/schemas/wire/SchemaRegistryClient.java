package io.crmerpsync.schemas.wire;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API that a serializer and the pipeline's start-up
 * need. Any registry that speaks that API (Confluent, Karapace, Apicurio's compatibility API,
 * Redpanda, or the project's own embedded registry) can stand behind it.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject}, or finds it if it is there already.
   *
   * @return the registry's global id of the schema
   * @throws SchemaRegistryException when the registry refuses it (e.g. incompatible: 409)
   */
  int register(String subject, Schema schema);

  /** The schema with this global id. */
  Schema schemaById(int id);

  /** Sets the compatibility level of one subject, e.g. {@code BACKWARD_TRANSITIVE}. */
  void setCompatibility(String subject, String level);

  /** The compatibility level in force for the subject (its own, or the global default). */
  String compatibility(String subject);
}
