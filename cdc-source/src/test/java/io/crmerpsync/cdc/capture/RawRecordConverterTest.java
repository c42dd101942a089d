package io.crmerpsync.cdc.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class RawRecordConverterTest {
  private final ObjectMapper mapper = new ObjectMapper();

  private SourcePosition position() {
    return new SourcePosition(1, "0-1-4711", null, "mysql-bin.000003", 81234, 2, 1, null, false);
  }

  /** What the converter did before: parse the envelope, set the member, write it again. */
  private byte[] parsedAndRewritten(byte[] envelope) throws Exception {
    ObjectNode tree = (ObjectNode) mapper.readTree(envelope);
    ObjectNode position = tree.putObject(RawChangeContract.POSITION);
    position.put("server_id", 1L);
    position.put("gtid", "0-1-4711");
    position.putNull("gtids");
    position.put("file", "mysql-bin.000003");
    position.put("pos", 81234L);
    position.put("event", 2L);
    position.put("row", 1);
    position.putNull("total_order");
    position.put("snapshot", false);
    return mapper.writeValueAsBytes(tree);
  }

  @Test
  void shouldWriteTheSameBytesAsParsingAndRewritingTheEnvelope() throws Exception {
    byte[] envelope =
        ("{\"before\":null,\"after\":{\"id\":7,\"city\":\"Zürich \\\"Nord\\\"\",\"amount\":\"12.50\"},"
                + "\"source\":{\"version\":\"3.5.0.Final\",\"gtid\":\"0-1-4711\"},\"op\":\"c\","
                + "\"ts_ms\":1767225600000}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(RawRecordConverter.withPosition(mapper, envelope, position()))
        .isEqualTo(parsedAndRewritten(envelope));
  }

  @Test
  void shouldHandleAnEmptyObjectAndTrailingWhitespace() throws Exception {
    byte[] empty = "{ }\n".getBytes(StandardCharsets.UTF_8);

    byte[] spliced = RawRecordConverter.withPosition(mapper, empty, position());

    assertThat(mapper.readTree(spliced)).isEqualTo(mapper.readTree(parsedAndRewritten(empty)));
  }

  @Test
  void shouldRefuseAnEnvelopeThatIsNotAJsonObject() {
    byte[] array = "[1,2]".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> RawRecordConverter.withPosition(mapper, array, position()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("not a JSON object");
  }
}
