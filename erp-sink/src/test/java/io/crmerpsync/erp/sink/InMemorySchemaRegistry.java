package io.crmerpsync.erp.sink;

import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.schemas.wire.SchemaRegistryException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, for task-level tests that feed SinkRecords directly. It answers
 * an unknown id as the real registry does (404, error code 40403). End-to-end tests use the
 * project's real registry server instead.
 */
final class InMemorySchemaRegistry implements SchemaRegistryClient {
  private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1);

  @Override
  public int register(String subject, Schema schema) {
    return ids.computeIfAbsent(
        schema,
        s -> {
          int id = nextId.getAndIncrement();
          schemas.put(id, s);
          return id;
        });
  }

  @Override
  public Schema schemaById(int id) {
    Schema schema = schemas.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found");
    }
    return schema;
  }

  @Override
  public void setCompatibility(String subject, String level) {}

  @Override
  public String compatibility(String subject) {
    return "BACKWARD";
  }
}
