package io.crmerpsync.deploy.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.canonical.CustomerStatus;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.canonical.SourceInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrmReconciliationTest {
  private static final SourceInfo SOURCE =
      SourceInfo.newBuilder()
          .setSystem("crm")
          .setPosition("p")
          .setCommitTime(Instant.EPOCH)
          .setSnapshot(false)
          .build();

  private static final List<String> OWNED =
      List.of("first_name", "email", "city", "credit_limit", "payment_terms_days", "status");

  @Test
  void shouldReportNoDriftWhenEveryRowMatchesItsRecord() {
    Map<String, Map<String, Object>> crm = Map.of("1", row(1, "Ada", "Leeds", "10.5", "ACTIVE"));
    Map<String, Customer> canonical = Map.of("1", customer(1, "Ada", "Leeds", "10.50", List.of()));

    assertThat(CrmReconciliation.compareCustomers(crm, canonical, "crm", true, OWNED).drifts())
        .isEmpty();
  }

  @Test
  void shouldNameEachDifferingOwnedFieldWithBothValues() {
    Map<String, Map<String, Object>> crm = Map.of("1", row(1, "Ada", "York", "11.00", "ACTIVE"));
    Map<String, Customer> canonical = Map.of("1", customer(1, "Ada", "Leeds", "10.50", List.of()));

    assertThat(CrmReconciliation.compareCustomers(crm, canonical, "crm", true, OWNED).drifts())
        .containsExactly(
            new CrmDrift(
                "crm:1",
                "1",
                CrmDrift.Kind.DIFFERS_FROM_CRM,
                List.of(
                    new CrmDrift.FieldDifference("city", "York", "Leeds"),
                    new CrmDrift.FieldDifference("credit_limit", "11.00", "10.50"))));
  }

  @Test
  void shouldNotCompareFieldsTheCrmDoesNotOwn() {
    Map<String, Map<String, Object>> crm = Map.of("1", row(1, "Ada", "York", "11.00", "ACTIVE"));
    Map<String, Customer> canonical = Map.of("1", customer(1, "Ada", "Leeds", "10.50", List.of()));

    assertThat(
            CrmReconciliation.compareCustomers(
                    crm, canonical, "crm", true, List.of("first_name", "email"))
                .drifts())
        .isEmpty();
  }

  @Test
  void shouldReportRowsMissingInThePipelineAndRowsDeletedInTheCrmInIdOrder() {
    Map<String, Map<String, Object>> crm = new LinkedHashMap<>();
    crm.put("10", row(10, "Ada", "Leeds", "1", "ACTIVE"));
    crm.put("9", row(9, "Bob", "Leeds", "1", "ACTIVE"));
    Map<String, Customer> canonical =
        Map.of(
            "9", customer(9, "Bob", "Leeds", "1", List.of()),
            "2", customer(2, "Cy", "Leeds", "1", List.of()));

    assertThat(CrmReconciliation.compareCustomers(crm, canonical, "crm", true, OWNED).drifts())
        .containsExactly(
            new CrmDrift("crm:2", "2", CrmDrift.Kind.DELETED_IN_CRM, List.of()),
            new CrmDrift("crm:10", null, CrmDrift.Kind.MISSING_IN_PIPELINE, List.of()));
  }

  @Test
  void shouldFindRowsMergedUnderABusinessKeyAndCompareTheFieldsEachDatabaseOwns() {
    // Customer keyed by e-mail, merged from crm:1 and crm-us:7; city is owned by crm-us.
    Map<String, Customer> canonical =
        Map.of("ada@example.com", customer(1, "Ada", "Boston", "1", List.of("crm:1", "crm-us:7")));
    Map<String, Map<String, Object>> us = Map.of("7", row(7, "Ada", "Boston", "1", "ACTIVE"));
    Map<String, Map<String, Object>> first = Map.of("1", row(1, "Ada", "Bristol", "1", "ACTIVE"));

    assertThat(
            CrmReconciliation.compareCustomers(us, canonical, "crm-us", false, List.of("city"))
                .drifts())
        .isEmpty();
    // The first database does not own city: its Bristol is rightly not the record's.
    assertThat(
            CrmReconciliation.compareCustomers(first, canonical, "crm", true, List.of("email"))
                .drifts())
        .isEmpty();
    Map<String, Map<String, Object>> moved = Map.of("7", row(7, "Ada", "Denver", "1", "ACTIVE"));
    assertThat(
            CrmReconciliation.compareCustomers(moved, canonical, "crm-us", false, List.of("city"))
                .drifts())
        .extracting(CrmDrift::ref, CrmDrift::key, CrmDrift::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "crm-us:7", "ada@example.com", CrmDrift.Kind.DIFFERS_FROM_CRM));
    // The other database's row gone: only that database's reconciliation reports it.
    assertThat(
            CrmReconciliation.compareCustomers(Map.of(), canonical, "crm-us", false, OWNED)
                .drifts())
        .containsExactly(
            new CrmDrift("crm-us:7", "ada@example.com", CrmDrift.Kind.DELETED_IN_CRM, List.of()));
  }

  @Test
  void shouldNotCompareTheFieldsOfRowsOfOneDatabaseMergedIntoOneCustomer() {
    // Two rows of one database share the business key: the record holds the last edited one's.
    Map<String, Customer> canonical =
        Map.of("ada@example.com", customer(1, "Ada", "Leeds", "1", List.of("crm:1", "crm:2")));
    Map<String, Map<String, Object>> crm =
        Map.of(
            "1", row(1, "Ada", "Leeds", "1", "ACTIVE"),
            "2", row(2, "Ada", "York", "1", "ACTIVE"));

    CrmReconciliation.Result result =
        CrmReconciliation.compareCustomers(crm, canonical, "crm", true, OWNED);

    assertThat(result.drifts()).isEmpty();
    assertThat(result.notCompared()).isEqualTo(2);
  }

  @Test
  void shouldFindRecordsWithoutSourceRefsByTheirIdForTheFirstDatabaseOnly() {
    Map<String, Customer> canonical = Map.of("5", customer(5, "Ada", "Leeds", "1", List.of()));
    Map<String, Map<String, Object>> rowFive = Map.of("5", row(5, "Ada", "Leeds", "1", "ACTIVE"));

    assertThat(CrmReconciliation.compareCustomers(rowFive, canonical, "crm", true, OWNED).drifts())
        .isEmpty();
    // Another database's row 5 is not the first database's customer 5.
    assertThat(
            CrmReconciliation.compareCustomers(rowFive, canonical, "crm-us", false, OWNED).drifts())
        .containsExactly(
            new CrmDrift("crm-us:5", null, CrmDrift.Kind.MISSING_IN_PIPELINE, List.of()));
  }

  @Test
  void shouldWriteTheStatementsThatReplayADeletionWithTheRecordsValues() {
    Customer customer = customer(9, "O'Hara", "Leeds", "12.50", List.of());
    customer.setTaxId("007");
    customer.setPhone("back\\slash");

    assertThat(
            CrmReconciliation.replayDeletion(
                "customers",
                "9",
                customer,
                List.of("first_name", "phone", "tax_id", "company_name", "credit_limit", "status")))
        .isEqualTo(
            "INSERT INTO customers (id, first_name, phone, tax_id, company_name, credit_limit,"
                + " status) VALUES (9, 'O''Hara', 'back\\\\slash', '007', NULL, 12.50, 'ACTIVE');"
                + " DELETE FROM customers WHERE id = 9;");
  }

  @Test
  void shouldCompareValuesByMeaningNotByJdbcType() {
    assertThat(CrmReconciliation.same(new BigDecimal("5.0"), new BigDecimal("5.00"))).isTrue();
    assertThat(CrmReconciliation.same(new BigDecimal("5.01"), new BigDecimal("5.00"))).isFalse();
    assertThat(CrmReconciliation.same(30L, 30)).isTrue();
    assertThat(CrmReconciliation.same(31, 30)).isFalse();
    assertThat(CrmReconciliation.same("ACTIVE", CustomerStatus.ACTIVE)).isTrue();
    assertThat(CrmReconciliation.same("ACTIVE", CustomerStatus.CLOSED)).isFalse();
    // A CRM status the canonical enum has no symbol for is its UNKNOWN.
    assertThat(CrmReconciliation.same("ON_HOLD", CustomerStatus.UNKNOWN)).isTrue();
    assertThat(CrmReconciliation.same("ACTIVE", CustomerStatus.UNKNOWN)).isFalse();
    assertThat(CrmReconciliation.same(null, null)).isTrue();
    assertThat(CrmReconciliation.same(null, "x")).isFalse();
    assertThat(CrmReconciliation.same("x", null)).isFalse();
    assertThat(CrmReconciliation.same("x", "x")).isTrue();
  }

  @Test
  void shouldRefuseAColumnTheCanonicalCustomerDoesNotHave() {
    Map<String, Map<String, Object>> crm = Map.of("1", row(1, "Ada", "Leeds", "1", "ACTIVE"));
    Map<String, Customer> canonical = Map.of("1", customer(1, "Ada", "Leeds", "1", List.of()));

    assertThatThrownBy(
            () ->
                CrmReconciliation.compareCustomers(
                        crm, canonical, "crm", true, List.of("shoe_size"))
                    .drifts())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shoe_size");
  }

  @Test
  void shouldCompareAnOrdersOwnedHeaderColumnsAndEveryLineByLineNumber() {
    Map<String, Map<String, Object>> headers =
        Map.of("7", header(7, "Leeds"), "8", header(8, "York"));
    Map<String, Map<String, Object>> lines = new HashMap<>();
    lines.put("70", line(70, 7, 1, "A", "1.000"));
    lines.put("71", line(71, 7, 2, "B", "4.000"));
    lines.put("72", line(72, 7, 3, "C", "1.000"));
    lines.put("80", line(80, 8, 1, "A", "1.000"));
    Map<String, Order> canonical =
        Map.of(
            "7",
            order(7, "Hull", orderLine(70, 1, "A", "1.000"), orderLine(71, 2, "B", "1.500")),
            "8",
            order(8, "York", orderLine(80, 1, "A", "1.000"), orderLine(81, 2, "Z", "2.000")));

    List<CrmDrift> drifts =
        CrmReconciliation.compareOrders(
                headers,
                lines,
                canonical,
                "crm",
                "",
                List.of("shipping_city"),
                List.of("shipping_city"),
                "orders",
                "lines")
            .drifts();

    assertThat(drifts).hasSize(2);
    assertThat(drifts.get(0).fields())
        .containsExactly(
            new CrmDrift.FieldDifference("shipping_city", "Leeds", "Hull"),
            new CrmDrift.FieldDifference("line 2 (id 71) quantity", "4.000", "1.500"),
            new CrmDrift.FieldDifference("line 3 (id 72)", "C x 1.000 at 9.99", null));
    assertThat(drifts.get(0).replay()).isNull();
    // A line the CRM no longer has: its deletion is replayed, the rest read again.
    assertThat(drifts.get(1).fields())
        .containsExactly(new CrmDrift.FieldDifference("line 2 (id 81)", null, "Z x 2.000 at 9.99"));
    assertThat(drifts.get(1).replay())
        .isEqualTo(
            "INSERT INTO lines (id, order_id, line_no, sku, description, quantity, unit_price)"
                + " VALUES (81, 8, 2, 'Z', NULL, 2.000, 9.99); DELETE FROM lines WHERE id = 81;");
  }

  @Test
  void shouldTellALineReplacedUnderTheSameNumberFromTheLineThePipelineHolds() {
    Map<String, Map<String, Object>> lines = Map.of("75", line(75, 7, 2, "B", "1.500"));
    Map<String, Order> canonical = Map.of("7", order(7, "Leeds", orderLine(71, 2, "B", "1.500")));

    List<CrmDrift> drifts =
        CrmReconciliation.compareOrders(
                Map.of("7", header(7, "Leeds")),
                lines,
                canonical,
                "crm",
                "",
                List.of("shipping_city"),
                List.of("shipping_city"),
                "orders",
                "order_lines")
            .drifts();

    assertThat(drifts).hasSize(1);
    assertThat(drifts.get(0).fields())
        .containsExactly(
            new CrmDrift.FieldDifference("line 2 (id 71)", null, "B x 1.500 at 9.99"),
            new CrmDrift.FieldDifference("line 2 (id 75)", "B x 1.500 at 9.99", null));
    assertThat(drifts.get(0).replay()).contains("DELETE FROM order_lines WHERE id = 71;");
  }

  @Test
  void shouldLeaveAStatusTheCanonicalEnumCouldNotNameOutOfAReplay() {
    Customer customer = customer(9, "Ada", "Leeds", "1", List.of());
    customer.setStatus(CustomerStatus.UNKNOWN);

    assertThat(
            CrmReconciliation.replayDeletion(
                "customers", "9", customer, List.of("first_name", "status")))
        .isEqualTo(
            "INSERT INTO customers (id, first_name) VALUES (9, 'Ada'); DELETE FROM customers"
                + " WHERE id = 9;");
  }

  @Test
  void shouldFindOnlyTheOwnDatabasesOrdersMissingOrDeleted() {
    Map<String, Order> canonical =
        Map.of("5", order(5, "Leeds"), "crm-us:5", order(5, "Boston"), "crm-us:6", order(6, "X"));
    Map<String, Map<String, Object>> usHeaders =
        Map.of("5", header(5, "Boston"), "9", header(9, "Y"));

    List<CrmDrift> drifts =
        CrmReconciliation.compareOrders(
                usHeaders,
                Map.of(),
                canonical,
                "crm-us",
                "crm-us:",
                List.of("shipping_city"),
                List.of("status", "shipping_city"),
                "orders",
                "order_lines")
            .drifts();

    assertThat(drifts)
        .extracting(CrmDrift::ref, CrmDrift::key, CrmDrift::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "crm-us:6", "crm-us:6", CrmDrift.Kind.DELETED_IN_CRM),
            org.assertj.core.groups.Tuple.tuple(
                "crm-us:9", null, CrmDrift.Kind.MISSING_IN_PIPELINE));
    assertThat(drifts.get(0).replay())
        .isEqualTo(
            "INSERT INTO orders (id, status, shipping_city, ordered_at) VALUES (6, 'CONFIRMED',"
                + " 'X', '2026-11-28 10:15:30.250'); DELETE FROM order_lines WHERE order_id = 6;"
                + " DELETE FROM orders WHERE id = 6;");
  }

  private static Map<String, Object> header(long id, String city) {
    Map<String, Object> header = new HashMap<>();
    header.put("id", id);
    header.put("shipping_city", city);
    return header;
  }

  private static Map<String, Object> line(long id, long order, int no, String sku, String qty) {
    Map<String, Object> line = new HashMap<>();
    line.put("id", id);
    line.put("order_id", order);
    line.put("line_no", no);
    line.put("sku", sku);
    line.put("description", null);
    line.put("quantity", new BigDecimal(qty));
    line.put("unit_price", new BigDecimal("9.99"));
    return line;
  }

  private static io.crmerpsync.schemas.canonical.OrderLine orderLine(
      long id, int no, String sku, String qty) {
    return io.crmerpsync.schemas.canonical.OrderLine.newBuilder()
        .setLineId(id)
        .setLineNo(no)
        .setSku(sku)
        .setQuantity(new BigDecimal(qty))
        .setUnitPrice(new BigDecimal("9.99"))
        .build();
  }

  private static Order order(
      long id, String city, io.crmerpsync.schemas.canonical.OrderLine... lines) {
    return Order.newBuilder()
        .setOrderId(id)
        .setOrderNumber("N-" + id)
        .setCustomerId(1)
        .setStatus(io.crmerpsync.schemas.canonical.OrderStatus.CONFIRMED)
        .setCurrency("EUR")
        .setTotalAmount(new BigDecimal("1.00"))
        .setOrderedAt(Instant.parse("2026-11-28T10:15:30.250Z"))
        .setShippingCity(city)
        .setLines(List.of(lines))
        .setCreatedAt(Instant.EPOCH)
        .setUpdatedAt(Instant.EPOCH)
        .setSource(SOURCE)
        .build();
  }

  private static Map<String, Object> row(
      long id, String firstName, String city, String credit, String status) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("first_name", firstName);
    row.put("email", firstName.toLowerCase() + "@example.com");
    row.put("city", city);
    row.put("credit_limit", new BigDecimal(credit));
    row.put("payment_terms_days", 30);
    row.put("status", status);
    return row;
  }

  private static Customer customer(
      long id, String firstName, String city, String credit, List<String> refs) {
    return Customer.newBuilder()
        .setCustomerId(id)
        .setFirstName(firstName)
        .setLastName("L")
        .setEmail(firstName.toLowerCase() + "@example.com")
        .setCity(city)
        .setCountryCode("GB")
        .setCreditLimit(new BigDecimal(credit).setScale(2))
        .setPaymentTermsDays(30)
        .setStatus(CustomerStatus.ACTIVE)
        .setCreatedAt(Instant.EPOCH)
        .setUpdatedAt(Instant.EPOCH)
        .setSource(SOURCE)
        .setSourceRefs(refs)
        .build();
  }
}
