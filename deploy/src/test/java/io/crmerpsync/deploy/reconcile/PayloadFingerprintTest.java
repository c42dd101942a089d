package io.crmerpsync.deploy.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.schemas.erp.ErpCustomer;
import io.crmerpsync.schemas.erp.ErpOrder;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadFingerprintTest {
  private static final List<String> CUSTOMER =
      PayloadFingerprint.columns(ErpCustomer.getClassSchema());

  @Test
  void shouldCoverTheTextNumberDecimalAndTimestampColumnsButNotTheLinesArray() {
    assertThat(CUSTOMER)
        .contains("first_name", "credit_limit", "payment_terms_days", "source_refs");
    assertThat(PayloadFingerprint.columns(ErpOrder.getClassSchema()))
        .contains("order_number", "customer_ref", "total_amount", "shipping_city", "ordered_at")
        .doesNotContain("lines");
    assertThat(PayloadFingerprint.timestampColumns(ErpOrder.getClassSchema()))
        .containsExactly("ordered_at");
    assertThat(PayloadFingerprint.columns(ErpOrderLine.getClassSchema()))
        .containsExactly("line_no", "sku", "description", "quantity", "unit_price");
  }

  @Test
  void shouldSeeATimestampAsItsInstantToTheMillisecond() {
    Instant at = Instant.parse("2026-03-01T10:15:30.123Z");

    assertThat(PayloadFingerprint.normal(at)).isEqualTo("1772360130123");
    assertThat(PayloadFingerprint.normal(at.plusNanos(400_000))).isEqualTo("1772360130123");
    assertThat(PayloadFingerprint.normal(at.plusMillis(1))).isEqualTo("1772360130124");
  }

  @Test
  void shouldTellLinesApartByContentAndOrderAndKeepADeletionWithoutFingerprint() {
    long one = PayloadFingerprint.addLine(PayloadFingerprint.NO_LINES, 11);
    long oneThenTwo = PayloadFingerprint.addLine(one, 22);
    long twoThenOne =
        PayloadFingerprint.addLine(PayloadFingerprint.addLine(PayloadFingerprint.NO_LINES, 22), 11);

    assertThat(oneThenTwo).isNotEqualTo(twoThenOne).isNotEqualTo(one);
    assertThat(PayloadFingerprint.withLines(5, oneThenTwo))
        .isNotEqualTo(PayloadFingerprint.withLines(5, one))
        .isNotEqualTo(PayloadFingerprint.withLines(6, oneThenTwo));
    assertThat(PayloadFingerprint.withLines(PayloadFingerprint.NONE, one))
        .isEqualTo(PayloadFingerprint.NONE);
  }

  @Test
  void shouldGiveTheSameFingerprintForTheSameValuesWhateverTheirJavaTypes() {
    Map<String, Object> avro = row("Ada", new BigDecimal("12.50"), 30);
    Map<String, Object> jdbc = row("Ada", new BigDecimal("12.5000"), 30L);

    assertThat(PayloadFingerprint.of(CUSTOMER, avro::get, Set.of()))
        .isEqualTo(PayloadFingerprint.of(CUSTOMER, jdbc::get, Set.of()))
        .isNotEqualTo(PayloadFingerprint.NONE);
  }

  @Test
  void shouldChangeWithAnyCoveredValueButNotWithAnOmittedOne() {
    long base = PayloadFingerprint.of(CUSTOMER, row("Ada", new BigDecimal("1"), 30)::get, Set.of());

    assertThat(PayloadFingerprint.of(CUSTOMER, row("Bob", new BigDecimal("1"), 30)::get, Set.of()))
        .isNotEqualTo(base);
    assertThat(PayloadFingerprint.of(CUSTOMER, row("Ada", new BigDecimal("2"), 30)::get, Set.of()))
        .isNotEqualTo(base);
    assertThat(PayloadFingerprint.of(CUSTOMER, row("Ada", null, 30)::get, Set.of()))
        .isNotEqualTo(base);
    // The ERP owns the credit limit: its value is the ERP's, not compared.
    assertThat(
            PayloadFingerprint.of(
                CUSTOMER, row("Ada", new BigDecimal("9"), 30)::get, Set.of("credit_limit")))
        .isEqualTo(
            PayloadFingerprint.of(
                CUSTOMER, row("Ada", new BigDecimal("1"), 30)::get, Set.of("credit_limit")));
  }

  private static Map<String, Object> row(String name, BigDecimal credit, Object terms) {
    Map<String, Object> row = new HashMap<>();
    row.put("first_name", name);
    row.put("credit_limit", credit);
    row.put("payment_terms_days", terms);
    row.put("country_code", "GB");
    return row;
  }
}
