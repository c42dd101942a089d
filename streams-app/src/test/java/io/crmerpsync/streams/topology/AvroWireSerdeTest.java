package io.crmerpsync.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.schemas.audit.AuditDecision;
import io.crmerpsync.schemas.audit.AuditEvent;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.WireFormat;
import io.crmerpsync.schemas.wire.WireFormatException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire-format serializer reuses one buffer and encoder per thread: what it writes must not
 * depend on what the thread wrote before, a failed value included, nor on other threads.
 */
class AvroWireSerdeTest {
  private static final String TOPIC = "sync.audit.v1";
  private static RealRegistry realRegistry;

  @BeforeAll
  static void startRegistry() throws Exception {
    realRegistry = RealRegistry.start("avro-wire-serde-test");
  }

  @AfterAll
  static void stopRegistry() {
    realRegistry.close();
  }

  @Test
  void aValueFailingHalfWayLeavesNothingInTheNextOne() {
    AvroWireSerde<AuditEvent> serde =
        AvroWireSerde.forValues(realRegistry.client(), AuditEvent.class);
    AuditEvent event = event("customer:{\"id\":1}", "a long rule text ".repeat(200));
    byte[] first = serde.serialize(TOPIC, event);
    // rule is required: the encoder fails after it wrote table, key and decision.
    AuditEvent broken = event("customer:{\"id\":2}", "x");
    broken.setRule(null);

    assertThatThrownBy(() -> serde.serialize(TOPIC, broken))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("cannot encode AuditEvent for topic " + TOPIC);
    byte[] again = serde.serialize(TOPIC, event);

    assertThat(again).isEqualTo(first);
    assertThat(WireFormat.schemaId(again)).isPositive();
    assertThat(serde.deserialize(TOPIC, again)).isEqualTo(event);
  }

  @Test
  void threadsSharingTheSerdeEachGetTheirOwnValues() throws Exception {
    AvroWireSerde<AuditEvent> serde =
        AvroWireSerde.forValues(realRegistry.client(), AuditEvent.class);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  List<String> keys = new ArrayList<>();
                  for (int i = 0; i < 2_000; i++) {
                    String key = "customer:{\"id\":" + thread + "-" + i + "}";
                    byte[] bytes = serde.serialize(TOPIC, event(key, "rule " + i));
                    keys.add(serde.deserialize(TOPIC, bytes).getKey());
                  }
                  return keys;
                }));
      }
      for (int t = 0; t < 4; t++) {
        List<String> keys = results.get(t).get();
        assertThat(keys).hasSize(2_000);
        for (int i = 0; i < keys.size(); i++) {
          assertThat(keys.get(i)).isEqualTo("customer:{\"id\":" + t + "-" + i + "}");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static AuditEvent event(String key, String rule) {
    return AuditEvent.newBuilder()
        .setTable("customers")
        .setKey(key)
        .setDecision(AuditDecision.APPLIED)
        .setRule(rule)
        .setSourceSystem("crm")
        .setPosition("mariadb-bin.000001:120:0")
        .setAppliedPosition(null)
        .setVersion(7L)
        .setTransactionId(null)
        .setOperation("u")
        .setDecidedAt(Instant.ofEpochMilli(1_767_225_600_000L))
        .build();
  }
}
