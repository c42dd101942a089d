package io.crmerpsync.deploy.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecaptureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Recapture.Table> CUSTOMERS =
      List.of(new Recapture.Table("sales.customers", "id"));

  @Test
  void shouldAskForABlockingSnapshotReadingOnlyTheNamedRows() throws Exception {
    List<String> signals = Recapture.signals(CUSTOMERS, List.of("7", "42"));

    assertThat(signals).hasSize(1);
    JsonNode signal = JSON.readTree(signals.get(0));
    assertThat(signal.get("type").asText()).isEqualTo("execute-snapshot");
    assertThat(signal.get("id").asText()).isNotBlank();
    JsonNode data = signal.get("data");
    assertThat(data.get("type").asText()).isEqualTo("blocking");
    assertThat(data.get("data-collections").get(0).asText()).isEqualTo("sales.customers");
    JsonNode condition = data.get("additional-conditions").get(0);
    assertThat(condition.get("data-collection").asText()).isEqualTo("sales.customers");
    assertThat(condition.get("filter").asText())
        .isEqualTo("SELECT * FROM `sales`.`customers` WHERE `id` IN (7,42)");
  }

  @Test
  void shouldSplitManyRowsIntoSignalsOfAtMostTheChunkSize() throws Exception {
    List<String> ids =
        IntStream.rangeClosed(1, Recapture.ROWS_PER_SIGNAL * 2 + 1)
            .mapToObj(Integer::toString)
            .toList();

    List<String> signals = Recapture.signals(CUSTOMERS, ids);

    assertThat(signals).hasSize(3);
    String last = JSON.readTree(signals.get(2)).at("/data/additional-conditions/0/filter").asText();
    assertThat(last).endsWith("IN (" + ids.get(ids.size() - 1) + ")");
    for (String signal : signals) {
      String filter = JSON.readTree(signal).at("/data/additional-conditions/0/filter").asText();
      String in = filter.substring(filter.indexOf("IN (") + 4, filter.length() - 1);
      assertThat(in.split(",")).hasSizeLessThanOrEqualTo(Recapture.ROWS_PER_SIGNAL);
    }
    assertThat(JSON.readTree(signals.get(0)).at("/data/additional-conditions/0/filter").asText())
        .contains("IN (1,2,3,");
  }

  @Test
  void shouldQuoteIdsThatAreNotNumbersAsSqlStringsAndNamesAsIdentifiers() throws Exception {
    String filter =
        JSON.readTree(
                Recapture.signals(
                        List.of(new Recapture.Table("crm`db.customers", "id")),
                        List.of("A-1", "o'brien"))
                    .get(0))
            .at("/data/additional-conditions/0/filter")
            .asText();

    assertThat(filter)
        .isEqualTo("SELECT * FROM `crm``db`.`customers` WHERE `id` IN ('A-1','o''brien')");
  }

  @Test
  void shouldKeyTheAuditTrailLikeTheRowsOwnChanges() {
    assertThat(Recapture.rowKey("42")).isEqualTo("{\"id\":42}");
    assertThat(Recapture.rowKey("A-1")).isEqualTo("{\"id\":\"A-1\"}");
  }

  @Test
  void shouldReadAnOrdersHeaderAndLinesInOneSnapshot() throws Exception {
    JsonNode data =
        JSON.readTree(
                Recapture.signals(
                        List.of(
                            new Recapture.Table("sales.orders", "id"),
                            new Recapture.Table("sales.order_lines", "order_id")),
                        List.of("7"))
                    .get(0))
            .get("data");

    assertThat(data.get("data-collections").toString())
        .isEqualTo("[\"sales.orders\",\"sales.order_lines\"]");
    assertThat(data.at("/additional-conditions/1/filter").asText())
        .isEqualTo("SELECT * FROM `sales`.`order_lines` WHERE `order_id` IN (7)");
  }
}
