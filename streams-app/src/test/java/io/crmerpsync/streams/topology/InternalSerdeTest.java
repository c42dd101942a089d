package io.crmerpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.streams.order.OrderPart;
import io.crmerpsync.streams.order.OrderPartBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InternalSerdeTest {
  private final InternalSerde<OrderPartBatch> serde = new InternalSerde<>(OrderPartBatch.class);

  private static OrderPartBatch batch() {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    row.put("id", 7);
    row.put("sku", "SKU-ÄÖ-1");
    row.put("amount", "12345678901234567.50"); // DECIMAL as Debezium sends it: text
    row.put("weight", 0.25);
    row.putNull("note");
    return new OrderPartBatch(
        42,
        "tx-1",
        List.of(
            new OrderPart(true, 42, 7, false, row, "p1", 1_700_000_000_000L, false, "tx-1", true),
            new OrderPart(
                false, 42, 0, true, null, "p2", 1_700_000_000_001L, false, "tx-1", true)));
  }

  @Test
  void writesSmileAndReadsItBack() {
    byte[] bytes = serde.serializer().serialize("t", batch());

    assertThat(new String(bytes, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo(":)\n");
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(batch());
  }

  @Test
  void readsValuesThatAnEarlierVersionWroteAsJson() throws Exception {
    byte[] json = new ObjectMapper().writeValueAsBytes(batch());

    assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(batch());
  }

  @Test
  void ignoresPropertiesItDoesNotKnowSoAStoreStillReadsAfterARollback() {
    byte[] fromNewerVersion =
        "{\"orderId\":5,\"transactionId\":\"x\",\"parts\":[],\"addedLater\":{\"a\":1}}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(serde.deserializer().deserialize("t", fromNewerVersion))
        .isEqualTo(new OrderPartBatch(5, "x", List.of()));
  }

  @Test
  void namesTheTypeAndTopicOfAValueItCannotRead() {
    byte[] garbage = ":)\n\u0000garbage".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> serde.deserializer().deserialize("sync.internal.x", garbage))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("OrderPartBatch")
        .hasMessageContaining("sync.internal.x");
  }

  @Test
  void keepsNullAsNull() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }
}
