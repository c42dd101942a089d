package io.crmerpsync.streams.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.streams.change.SourcePosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Batches of different transactions may reach the order assembler in any order (they come from
 * different partitions): the aggregate must converge to the in-order result whatever the order,
 * with repeats.
 */
class OrderAggregateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final io.crmerpsync.streams.conflict.EntityRules CRM =
      io.crmerpsync.streams.topology.EmitSettings.crmOwnsEveryOrderField();

  @Property(tries = 200)
  void shouldConvergeToTheInOrderResultWhateverOrderAndRepetitionOfParts(
      @ForAll @IntRange(min = 1, max = 30) int changes, @ForAll long seed) {
    Random random = new Random(seed);
    List<OrderPart> inOrder = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      String position = new SourcePosition(1, 100 + i, false, 1, 0, null).format();
      boolean line = random.nextInt(3) > 0;
      long lineId = 1 + random.nextInt(4);
      boolean deleted = random.nextInt(5) == 0;
      ObjectNode row = JSON.createObjectNode().put("id", line ? lineId : 9).put("v", i);
      inOrder.add(
          new OrderPart(
              line, 9, line ? lineId : 0, deleted, row, position, i, false, "t" + i, true));
    }
    List<OrderPart> delivered = new ArrayList<>(inOrder);
    for (int i = 0; i < changes / 2; i++) {
      delivered.add(inOrder.get(random.nextInt(changes)));
    }
    Collections.shuffle(delivered, random);

    OrderAggregate expected = applyAll(inOrder);
    OrderAggregate actual = applyAll(delivered);

    assertThat(actual.header()).isEqualTo(expected.header());
    assertThat(actual.deleted()).isEqualTo(expected.deleted());
    assertThat(actual.currentLines()).isEqualTo(expected.currentLines());
    assertThat(actual.position()).isEqualTo(expected.position());
  }

  @Property(tries = 50)
  void shouldNotChangeForAPartThatIsNotNewer(@ForAll @IntRange(min = 1, max = 10) int v) {
    String newer = new SourcePosition(1, 200, false, 1, 0, null).format();
    String older = new SourcePosition(1, 100, false, 1, 0, null).format();
    ObjectNode row = JSON.createObjectNode().put("id", 1).put("v", v);
    OrderAggregate current =
        OrderAggregate.empty()
            .apply(new OrderPart(true, 9, 1, false, row, newer, 2, false, "a", true), CRM, "crm")
            .aggregate();

    OrderAggregate after =
        current
            .apply(new OrderPart(true, 9, 1, true, row, older, 1, false, "b", true), CRM, "crm")
            .aggregate();

    assertThat(after).isSameAs(current);
  }

  @net.jqwik.api.Example
  void shouldTakeASnapshotRowReadAgainAtTheHeldPositionOnlyWhenItShowsSomethingElse() {
    // Nothing logged on the server between two reads: both carry the same snapshot position.
    String read = new SourcePosition(1, 100, true, 0, 0, "0-1-7").format();
    ObjectNode header = JSON.createObjectNode().put("id", 9).put("shipping_city", "Hull");
    ObjectNode line = JSON.createObjectNode().put("id", 1).put("quantity", "4.000");
    OrderAggregate held =
        OrderAggregate.empty()
            .apply(new OrderPart(false, 9, 0, false, header, read, 1, true, null, true), CRM, "crm")
            .aggregate()
            .apply(new OrderPart(true, 9, 1, false, line, read, 1, true, null, true), CRM, "crm")
            .aggregate();

    OrderAggregate same =
        held.apply(
                new OrderPart(false, 9, 0, false, header.deepCopy(), read, 2, true, null, true),
                CRM,
                "crm")
            .aggregate()
            .apply(
                new OrderPart(true, 9, 1, false, line.deepCopy(), read, 2, true, null, true),
                CRM,
                "crm")
            .aggregate();
    assertThat(same).isSameAs(held);

    ObjectNode leeds = header.deepCopy().put("shipping_city", "Leeds");
    ObjectNode fewer = line.deepCopy().put("quantity", "1.500");
    OrderAggregate reread =
        held.apply(new OrderPart(false, 9, 0, false, leeds, read, 2, true, null, true), CRM, "crm")
            .aggregate()
            .apply(new OrderPart(true, 9, 1, false, fewer, read, 2, true, null, true), CRM, "crm")
            .aggregate();
    assertThat(reread.header().get("shipping_city").asText()).isEqualTo("Leeds");
    assertThat(reread.fieldValues().get("shipping_city").asText()).isEqualTo("Leeds");
    assertThat(reread.currentLines()).hasSize(1).containsEntry(1L, fewer);

    // A streamed change at the same position is a repeat, whatever it shows.
    String streamed = new SourcePosition(1, 100, false, 1, 0, "0-1-8").format();
    OrderAggregate afterStream =
        held.apply(
                new OrderPart(true, 9, 1, false, fewer, streamed, 3, false, "t", true), CRM, "crm")
            .aggregate();
    assertThat(
            afterStream
                .apply(
                    new OrderPart(true, 9, 1, false, line, streamed, 3, false, "t", true),
                    CRM,
                    "crm")
                .aggregate())
        .isSameAs(afterStream);
  }

  @net.jqwik.api.Example
  void shouldNotLetALaterAggregateChangeAnEarlierOnesLines() {
    String first = new SourcePosition(1, 100, false, 1, 0, null).format();
    String second = new SourcePosition(1, 200, false, 1, 0, null).format();
    ObjectNode row = JSON.createObjectNode().put("id", 1);
    OrderAggregate one =
        OrderAggregate.empty()
            .apply(new OrderPart(true, 9, 1, false, row, first, 1, false, "a", true), CRM, "crm")
            .aggregate();

    OrderAggregate two =
        one.apply(new OrderPart(true, 9, 2, false, row, second, 2, false, "b", true), CRM, "crm")
            .aggregate();

    assertThat(one.lines()).containsOnlyKeys(1L);
    assertThat(two.lines()).containsOnlyKeys(1L, 2L);
    assertThat(two.nextVersion().lines()).isSameAs(two.lines());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> two.lines().remove(1L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static OrderAggregate applyAll(List<OrderPart> parts) {
    OrderAggregate aggregate = OrderAggregate.empty();
    for (OrderPart part : parts) {
      aggregate = aggregate.apply(part, CRM, "crm").aggregate();
    }
    return aggregate;
  }

  @net.jqwik.api.Example
  void shouldKeepTheHeldHeadersValuesAgainstAnOlderTransactionInStateFromBeforeFieldPolicies() {
    String held = new SourcePosition(1, 200, false, 1, 0, null).format();
    String older = new SourcePosition(1, 150, false, 1, 0, null).format();
    ObjectNode header = JSON.createObjectNode().put("id", 9).put("status", "SHIPPED");
    // As an aggregate written before field policies reads back: no fields, no field positions.
    OrderAggregate stored =
        new OrderAggregate(header, held, false, null, 3, held, 2, false, null, null, null, null);
    ObjectNode olderRow = JSON.createObjectNode().put("id", 9).put("status", "CONFIRMED");

    OrderAggregate after =
        stored
            .apply(
                new OrderPart(
                    false,
                    9,
                    0,
                    false,
                    olderRow,
                    older,
                    1,
                    false,
                    "t",
                    true,
                    null,
                    java.util.Set.of("status")),
                CRM,
                "crm")
            .aggregate();

    assertThat(after).isSameAs(stored);
    assertThat(after.effectiveHeader().get("status").asText()).isEqualTo("SHIPPED");
  }
}
