package io.crmerpsync.bench.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.bench.stats.CpuMeter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EndToEndBenchTest {

  @Test
  void shouldReadTheSequenceFromTheNewPhoneOfARawChangeNotTheOld() {
    String change =
        "{\"before\":{\"id\":7,\"phone\":\"b41\"},\"after\":{\"id\":7,\"phone\":\"b1041\"},"
            + "\"source\":{\"db\":\"sales\"},\"op\":\"u\",\"position\":{\"file\":\"x\"}}";

    assertThat(EndToEndBench.rawSequence(change.getBytes(StandardCharsets.UTF_8))).isEqualTo(1041);
  }

  @Test
  void shouldNotTakeAChangeThatIsNotTheLoadGeneratorsForOne() {
    assertThat(rawSequence("{\"before\":null,\"after\":{\"id\":7,\"phone\":\"+44 20\"}}"))
        .isEqualTo(-1);
    assertThat(rawSequence("{\"before\":{\"id\":7,\"phone\":\"b3\"},\"after\":null}"))
        .isEqualTo(-1);
    assertThat(rawSequence("{\"after\":{\"phone\":\"b\"}}")).isEqualTo(-1);
    assertThat(rawSequence("{\"after\":{\"phone\":\"b12x\"}}")).isEqualTo(-1);
    assertThat(rawSequence("not json")).isEqualTo(-1);
    assertThat(rawSequence("[1,2]")).isEqualTo(-1);
    assertThat(rawSequence("{\"after\":{\"phone\":12}}")).isEqualTo(-1);
  }

  @Test
  void shouldFindThePhoneWhereverAfterAndItsColumnsStandAndSkipNestedMembersBeforeThem() {
    // Members in another order than Debezium's, with objects and arrays nested before "after"
    // and before "phone", and a "phone" member inside one of those that is not the new row's.
    assertThat(
            rawSequence(
                "{\"source\":{\"phone\":\"b1\",\"list\":[{\"a\":1},[2]]},\"op\":\"u\","
                    + "\"after\":{\"id\":7,\"tags\":{\"phone\":\"b2\"},\"phone\":\"b77\"}}"))
        .isEqualTo(77);
  }

  @Test
  void shouldChargeThePipelinesThreadsToTheirParts() {
    CpuMeter meter = new CpuMeter(EndToEndBench.COMPONENTS);

    assertThat(meter.componentOf("crm-erp-sync-5e1a-StreamThread-1"))
        .isEqualTo(EndToEndBench.CPU_STREAMS);
    assertThat(
            meter.componentOf(
                "kafka-producer-network-thread | crm-erp-sync-5e1a-StreamThread-1-producer"))
        .startsWith("Kafka Streams clients");
    assertThat(meter.componentOf("kafka-coordinator-heartbeat-thread | crm-erp-sync"))
        .startsWith("Kafka Streams clients");
    assertThat(meter.componentOf("kafka-admin-client-thread | connect-cluster-shared-admin"))
        .isNotEqualTo("Kafka broker");
    assertThat(meter.componentOf("blc-127.0.0.1:40123")).startsWith("CRM capture");
    assertThat(meter.componentOf("kafka-producer-network-thread | erp-cdc-raw"))
        .startsWith("ERP status capture");
    assertThat(meter.componentOf("data-plane-kafka-request-handler-0")).isEqualTo("Kafka broker");
    assertThat(meter.componentOf("TxnMarkerSenderThread-1")).isEqualTo("Kafka broker");
    assertThat(meter.componentOf("task-thread-erp-sink-0"))
        .isEqualTo("Connect ERP sink (task and its clients)");
    assertThat(meter.componentOf("bench-stage-raw change in Kafka")).startsWith("bench");
    assertThat(meter.componentOf("crm-cdc-engine")).startsWith("CRM capture");
    // Names seen in a jstack of the running pipeline (digits as they were):
    assertThat(
            meter.componentOf(
                "kafka-producer-network-thread | crm-erp-sync-registry-sync.registry.schemas.v1-producer"))
        .isEqualTo("schema registry");
    assertThat(meter.componentOf("debezium-postgresstreamingchangeeventsource-erp-lsn-flush"))
        .startsWith("ERP status capture");
    assertThat(meter.componentOf("kafka-coordinator-heartbeat-thread | connect-erp-sink"))
        .isEqualTo("Connect ERP sink (task and its clients)");
    assertThat(meter.componentOf("kafka-producer-network-thread | crm-schemahistory"))
        .startsWith("CRM capture");
    assertThat(meter.componentOf("broker-1-to-controller-send-thread")).isEqualTo("Kafka broker");
    assertThat(meter.componentOf("something-else")).isEqualTo(CpuMeter.OTHER_THREADS);
  }

  @Test
  void shouldJudgeTheJitAgainstThePipelinesProcesses() {
    CpuMeter.PerChange cpu =
        new CpuMeter.PerChange(
            800.0, java.util.Map.of(CpuMeter.JIT, 100.0), java.util.Map.of("db", 200.0));

    // 100 of the JVM's 800 and the database's 200.
    assertThat(EndToEndBench.jitShare(cpu)).isEqualTo(0.1);
  }

  private static long rawSequence(String value) {
    return EndToEndBench.rawSequence(value.getBytes(StandardCharsets.UTF_8));
  }
}
