package io.crmerpsync.registry.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {

  @Test
  void shouldGiveTheSameCanonicalTextWhateverTheWhitespaceAndAttributeOrder() {
    String compact =
        "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}";
    String spaced =
        "{ \"fields\" : [ { \"type\" : \"int\", \"name\" : \"id\" } ],\n"
            + "  \"name\" : \"C\", \"type\" : \"record\" }";

    assertThat(AvroSchemas.parse(SchemaRequest.avro(spaced)).canonical())
        .isEqualTo(AvroSchemas.parse(SchemaRequest.avro(compact)).canonical());
  }

  @Test
  void shouldTellSchemasApartThatDifferOnlyInADefault() {
    String withoutDefault =
        "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
    String withDefault =
        "{\"type\":\"record\",\"name\":\"C\",\"fields\":"
            + "[{\"name\":\"n\",\"type\":\"int\",\"default\":0}]}";

    assertThat(AvroSchemas.parse(SchemaRequest.avro(withDefault)).canonical())
        .isNotEqualTo(AvroSchemas.parse(SchemaRequest.avro(withoutDefault)).canonical());
  }

  @Test
  void shouldRejectAnInvalidSchemaWithTheParsersExplanation() {
    assertThatThrownBy(
            () -> AvroSchemas.parse(SchemaRequest.avro("{\"type\":\"record\",\"name\":\"C\"}")))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_SCHEMA))
        .hasMessageContaining("Invalid schema")
        .hasMessageContaining("fields");
    assertThatThrownBy(() -> AvroSchemas.parse(SchemaRequest.avro("{not json")))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("Invalid schema: ");
    assertThatThrownBy(() -> AvroSchemas.parse(SchemaRequest.avro(" ")))
        .hasMessageContaining("empty");
  }

  @Test
  void shouldRejectABadDefaultValue() {
    String badDefault =
        "{\"type\":\"record\",\"name\":\"C\",\"fields\":"
            + "[{\"name\":\"n\",\"type\":\"int\",\"default\":\"zero\"}]}";

    assertThatThrownBy(() -> AvroSchemas.parse(SchemaRequest.avro(badDefault)))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("Invalid default");
  }

  @Test
  void shouldRejectOtherSchemaTypesAndReferences() {
    assertThatThrownBy(
            () ->
                AvroSchemas.parse(
                    new SchemaRequest("syntax = \"proto3\";", Optional.of("PROTOBUF"), false)))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.errorCode().code()).isEqualTo(42201))
        .hasMessage("schemaType PROTOBUF is not supported; only AVRO is");
    assertThatThrownBy(
            () -> AvroSchemas.parse(new SchemaRequest("\"string\"", Optional.empty(), true)))
        .hasMessageContaining("references are not supported");
    assertThat(
            AvroSchemas.parse(new SchemaRequest("\"string\"", Optional.of("avro"), false))
                .canonical())
        .isEqualTo("\"string\"");
  }
}
