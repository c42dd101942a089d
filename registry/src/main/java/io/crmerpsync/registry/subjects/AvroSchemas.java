package io.crmerpsync.registry.subjects;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * Parses schemas sent by clients and gives each its canonical text.
 *
 * <p>The canonical text is Avro's own JSON rendering ({@link Schema#toString()}): it does not
 * depend on whitespace or attribute order, but keeps everything that changes meaning for a reader,
 * defaults, docs, aliases, logical types and custom properties. The Parsing Canonical Form ({@code
 * SchemaNormalization.toParsingForm}) is not used on purpose: it drops defaults, so adding a
 * default to a field would look like "the same schema" and never get a version of its own.
 */
public final class AvroSchemas {

  static final String AVRO = "AVRO";

  private AvroSchemas() {}

  /** A parsed schema and its canonical text. */
  public record Parsed(Schema schema, String canonical) {}

  /**
   * Validates and parses a request.
   *
   * @throws RegistryException 42201 for a non-Avro type, references, or an unparseable schema
   */
  public static Parsed parse(SchemaRequest request) {
    String type = request.schemaType().map(t -> t.toUpperCase(Locale.ROOT)).orElse(AVRO);
    if (!AVRO.equals(type)) {
      throw new RegistryException(
          ErrorCode.INVALID_SCHEMA,
          "schemaType " + request.schemaType().orElse(type) + " is not supported; only AVRO is");
    }
    if (request.hasReferences()) {
      throw new RegistryException(
          ErrorCode.INVALID_SCHEMA, "schema references are not supported by this registry");
    }
    if (request.schema() == null || request.schema().isBlank()) {
      throw new RegistryException(ErrorCode.INVALID_SCHEMA, "Invalid schema: the schema is empty");
    }
    Schema schema = parseText(request.schema());
    return new Parsed(schema, schema.toString());
  }

  /** Parses a schema text that the registry stored itself. */
  static Schema parseStored(String canonical) {
    return new Schema.Parser().parse(canonical);
  }

  private static Schema parseText(String text) {
    try {
      // A fresh parser per schema: a parser remembers named types and would reject a redefinition.
      return new Schema.Parser().parse(text);
    } catch (RuntimeException e) {
      // SchemaParseException, AvroTypeException (bad default) and Jackson's parse errors all
      // explain themselves; pass the explanation on.
      throw new RegistryException(ErrorCode.INVALID_SCHEMA, "Invalid schema: " + e.getMessage(), e);
    }
  }
}
