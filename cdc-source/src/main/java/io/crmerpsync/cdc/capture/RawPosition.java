package io.crmerpsync.cdc.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** A change's position, written as the {@code position} member of its raw change value. */
interface RawPosition extends ConnectJsonWriter.Members {

  /** Writes {@code "position":{...}}: the member's name and this position's object. */
  @Override
  default void writeTo(JsonGenerator json) throws IOException {
    json.writeFieldName(RawChangeContract.POSITION);
    json.writeStartObject();
    writeMembers(json);
    json.writeEndObject();
  }

  /** Writes the members of the position object. */
  void writeMembers(JsonGenerator json) throws IOException;

  static void field(JsonGenerator json, String name, long value) throws IOException {
    json.writeNumberField(name, value);
  }

  static void field(JsonGenerator json, String name, Long value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value.longValue());
    }
  }

  static void field(JsonGenerator json, String name, String value) throws IOException {
    json.writeStringField(name, value);
  }

  static void field(JsonGenerator json, String name, boolean value) throws IOException {
    json.writeBooleanField(name, value);
  }
}
