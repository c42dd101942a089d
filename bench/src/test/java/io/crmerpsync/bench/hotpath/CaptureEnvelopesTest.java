package io.crmerpsync.bench.hotpath;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmerpsync.cdc.capture.ConnectJsonWriter;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/** The hot-path benchmark's capture input is a Debezium update envelope both sides write alike. */
class CaptureEnvelopesTest {

  @Test
  void shouldBeAnUpdateEnvelopeThatTheWriterAndTheConverterWriteAlike() throws Exception {
    Struct envelope = CaptureEnvelopes.customerUpdate();
    JsonConverter converter = new JsonConverter();
    converter.configure(
        Map.of("schemas.enable", "false", "replace.null.with.default", "false"), false);

    byte[] written = new ConnectJsonWriter().write(envelope.schema(), envelope);

    assertThat(written).isEqualTo(converter.fromConnectData("t", envelope.schema(), envelope));
    JsonNode json = new ObjectMapper().readTree(written);
    assertThat(json.path("op").asText()).isEqualTo("u");
    assertThat(json.path("before").path("phone").asText()).isEqualTo("+41 44 668 18 00");
    assertThat(json.path("after").path("phone").asText()).isEqualTo("+41 44 668 18 01");
    assertThat(json.path("source").path("gtid").asText()).isEqualTo("0-1-4711");
  }
}
