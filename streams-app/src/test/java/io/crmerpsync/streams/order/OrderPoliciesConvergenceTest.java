package io.crmerpsync.streams.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.streams.change.SourcePosition;
import io.crmerpsync.streams.conflict.EntityRules;
import io.crmerpsync.streams.conflict.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The CRM's headers of an order and the ERP's changes of it reach the assembler interleaved in any
 * way that keeps the ERP's own order, with repeats and rewinds (a replay from an earlier position),
 * and the CRM's transactions in their order or, under the time-free policies, in any order (they
 * complete through different partitions): the order's fields must end as the in-order result, and
 * the status the ERP owns holds the ERP's last value once the ERP has set one.
 */
class OrderPoliciesConvergenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EntityRules RULES =
      new EntityRules(
          "order",
          Map.of(
              "status", new Policy.Owner("erp"),
              "shipping_city", new Policy.NewestWins(),
              "shipping_street", new Policy.Priority()),
          new Policy.Owner("crm"),
          List.of("crm", "erp"));

  /**
   * With the CRM's transactions out of order, a field that a missing transaction changed is dated
   * by the next one that shows it (its true time is unknown then): newest-wins may then differ, the
   * time-free policies may not.
   */
  private static final EntityRules TIME_FREE_RULES =
      new EntityRules(
          "order",
          Map.of(
              "status", new Policy.Owner("erp"),
              "shipping_city", new Policy.Priority(),
              "shipping_street", new Policy.Priority()),
          new Policy.Owner("crm"),
          List.of("erp", "crm"));

  private static final List<String> FIELDS =
      List.of("status", "shipping_city", "shipping_street", "shipping_postal_code");

  @Property(tries = 400)
  void shouldEndAsTheInOrderResultForAnyInterleavingRepeatAndRewind(
      @ForAll @IntRange(min = 1, max = 8) int crmChanges,
      @ForAll @IntRange(min = 0, max = 6) int erpChanges,
      @ForAll boolean crmTransactionsOutOfOrder,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<OrderPart> crm = crmHeaders(crmChanges, random);
    List<OrderPart> erp = erpChanges(erpChanges, random);
    EntityRules rules = crmTransactionsOutOfOrder ? TIME_FREE_RULES : RULES;

    List<OrderPart> inOrder = new ArrayList<>(crm);
    inOrder.addAll(erp);
    List<OrderPart> crmDelivered = new ArrayList<>(crm);
    if (crmTransactionsOutOfOrder) {
      java.util.Collections.shuffle(crmDelivered, random);
    }
    List<OrderPart> delivered = interleave(crmDelivered, erp, random);

    OrderAggregate expected = applyAll(inOrder, rules);
    OrderAggregate actual = applyAll(delivered, rules);

    assertThat(actual.fieldValues()).isEqualTo(expected.fieldValues());
    assertThat(actual.effectiveHeader()).isEqualTo(expected.effectiveHeader());
    JsonNode lastErpStatus = null;
    for (OrderPart part : erp) {
      if (part.changed().contains("status")) {
        lastErpStatus = part.row().get("status");
      }
    }
    if (lastErpStatus != null) {
      assertThat(actual.fieldValues().get("status")).isEqualTo(lastErpStatus);
    }
  }

  /** CRM headers in source order, commit times 1 s apart from t=1000. */
  private static List<OrderPart> crmHeaders(int count, Random random) {
    List<OrderPart> parts = new ArrayList<>();
    ObjectNode previous = null;
    for (int i = 0; i < count; i++) {
      ObjectNode row = JSON.createObjectNode().put("id", 9).put("order_number", "SO-9");
      TreeSet<String> changed = new TreeSet<>();
      for (String field : FIELDS) {
        String value = field + "-crm-" + random.nextInt(3);
        row.put(field, value);
        if (previous != null && !previous.get(field).asText().equals(value)) {
          changed.add(field);
        }
      }
      String position = new SourcePosition(1, 100 + i, false, 1, 0, null).format();
      // The first change is the insert (no before image); every later one an update that
      // carries the fields its images show changed, as the gate computes them.
      parts.add(
          new OrderPart(
              false,
              9,
              0,
              false,
              row,
              position,
              1000 + 1000L * i,
              false,
              "t" + i,
              true,
              null,
              previous == null ? null : changed));
      previous = row;
    }
    return parts;
  }

  /** ERP changes in source order, each with the fields it changed against the previous row. */
  private static List<OrderPart> erpChanges(int count, Random random) {
    List<OrderPart> parts = new ArrayList<>();
    ObjectNode previous = null;
    long commit = 500;
    for (int j = 0; j < count; j++) {
      ObjectNode row = JSON.createObjectNode();
      TreeSet<String> changed = new TreeSet<>();
      for (String field : FIELDS) {
        String value = field + "-erp-" + random.nextInt(3);
        row.put(field, value);
        if (previous == null || !previous.get(field).asText().equals(value)) {
          changed.add(field);
        }
      }
      previous = row;
      commit += 1 + random.nextInt(3000);
      String position = new SourcePosition(0, 5000 + j, false, 1, 0, null).format();
      parts.add(OrderPart.fromErp("erp", 9, row, changed, position, commit, false));
    }
    return parts;
  }

  /**
   * A random merge of both sources' sequences that keeps each one's order; now and then a source
   * goes back to an earlier change and delivers from there again (a rewind or a repeat).
   */
  private static List<OrderPart> interleave(
      List<OrderPart> crm, List<OrderPart> erp, Random random) {
    List<OrderPart> delivered = new ArrayList<>();
    int c = 0;
    int e = 0;
    while (c < crm.size() || e < erp.size()) {
      boolean fromCrm = e >= erp.size() || (c < crm.size() && random.nextBoolean());
      if (fromCrm) {
        delivered.add(crm.get(c++));
        if (random.nextInt(4) == 0) {
          c = random.nextInt(c);
          delivered.add(crm.get(c++));
        }
      } else {
        delivered.add(erp.get(e++));
        if (random.nextInt(4) == 0) {
          e = random.nextInt(e);
          delivered.add(erp.get(e++));
        }
      }
    }
    return delivered;
  }

  private static OrderAggregate applyAll(List<OrderPart> parts, EntityRules rules) {
    OrderAggregate aggregate = OrderAggregate.empty();
    for (OrderPart part : parts) {
      aggregate = aggregate.apply(part, rules, "crm").aggregate();
    }
    return aggregate;
  }
}
