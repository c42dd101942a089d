package io.crmerpsync.deploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two CRM databases on two real MariaDB servers (two regional offices), each captured by its own
 * cdc-source, share customers by email: the ERP gets one customer that names both CRM rows.
 */
class SeveralCrmDatabasesEndToEndTest {
  private static final Duration ERP_WAIT = Duration.ofSeconds(90);
  private static EmbeddedPipeline pipeline;
  private static Path mapping;
  private static Connection eu;
  private static Connection us;
  private static Connection erp;

  @BeforeAll
  static void startPipeline() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "e2e-two-crms"));
    mapping = Files.createTempFile(dir, "mapping", ".yaml");
    Files.writeString(
        mapping,
        "sources: [crm, crm-us, erp]\n"
            + "entities:\n"
            + "  customer:\n"
            + "    default: {policy: newest-wins}\n");
    pipeline =
        EmbeddedPipeline.startWithSecondCrm(
            Files.createTempDirectory(dir, "pipeline"),
            new SimpleMeterRegistry(),
            mapping,
            "crm-us");
    eu = pipeline.crm().connect(EmbeddedPipeline.CRM_DATABASE);
    us = pipeline.secondCrm().connect(EmbeddedPipeline.CRM_DATABASE);
    erp = pipeline.erp().connect();
  }

  @AfterAll
  static void stopPipeline() throws SQLException {
    for (Connection c : new Connection[] {eu, us, erp}) {
      if (c != null) {
        c.close();
      }
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldSendOneErpCustomerForTheRowsOfTwoCrmDatabasesThatShareAnEmail() throws Exception {
    long inEu = insertCustomer(eu, "Ada", "ada@example.com", "London");
    // The other office knows her under the same email, written differently.
    long inUs = insertCustomer(us, "Ada", " ADA@example.com", "Boston");

    // Binlog commit times have one-second resolution: two edits within a second tie, and the
    // better-ranked source (crm) keeps its value.
    await()
        .atMost(ERP_WAIT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(erpCustomer("ada@example.com"))
                    .containsEntry("action", "UPSERT")
                    .containsEntry("source_refs", "crm:" + inEu + ",crm-us:" + inUs));

    // The US office edits in a later second: newest-wins across both databases.
    nextSecond();
    execute(us, "UPDATE customers SET city = 'Denver' WHERE id = " + inUs);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () -> assertThat(erpCustomer("ada@example.com")).containsEntry("city", "Denver"));

    // Then the EU office edits, later still: its value wins now.
    nextSecond();
    execute(eu, "UPDATE customers SET city = 'Leeds' WHERE id = " + inEu);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () -> assertThat(erpCustomer("ada@example.com")).containsEntry("city", "Leeds"));

    // The US office deletes its row: the customer lives on in the EU database.
    execute(us, "DELETE FROM customers WHERE id = " + inUs);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpCustomer("ada@example.com"))
                    .containsEntry("action", "UPSERT")
                    .containsEntry("source_refs", "crm:" + inEu));

    // Then the EU office deletes it too: now the ERP deactivates the customer.
    execute(eu, "DELETE FROM customers WHERE id = " + inEu);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () -> assertThat(erpCustomer("ada@example.com")).containsEntry("action", "DEACTIVATE"));

    // The audit trail explains what each database's row did, apart although their ids may match.
    assertThat(auditTrail("customers", inEu).lines().filter(l -> l.contains("APPLIED")))
        .anySatisfy(l -> assertThat(l).contains("op=create"))
        .anySatisfy(l -> assertThat(l).contains("op=update"))
        .anySatisfy(l -> assertThat(l).contains("op=delete"));
    assertThat(auditTrail("crm-us.customers", inUs).lines().filter(l -> l.contains("APPLIED")))
        .hasSize(3)
        .anySatisfy(l -> assertThat(l).contains("op=create"))
        .anySatisfy(l -> assertThat(l).contains("op=update"))
        .anySatisfy(l -> assertThat(l).contains("op=delete"));
  }

  @Test
  void shouldSendTheSecondDatabasesOrdersWithItsOwnSourceSystemAndCustomerReference()
      throws Exception {
    long grace = insertCustomer(us, "Grace", "grace@example.com", "Arlington");
    long order;
    us.setAutoCommit(false);
    try (PreparedStatement ps =
        us.prepareStatement(
            "INSERT INTO orders (order_number, customer_id, currency, total_amount, ordered_at,"
                + " shipping_city, shipping_country_code) VALUES ('US-1', ?, 'USD', 19.98,"
                + " NOW(3), 'Arlington', 'US')",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, grace);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        order = keys.getLong(1);
      }
      for (int line = 1; line <= 2; line++) {
        execute(
            us,
            "INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price) VALUES ("
                + order
                + ", "
                + line
                + ", 'SKU-"
                + line
                + "', 1, 9.99)");
      }
      us.commit();
    } finally {
      us.setAutoCommit(true);
    }

    await()
        .atMost(ERP_WAIT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              try (PreparedStatement ps =
                  erp.prepareStatement(
                      "SELECT customer_ref, (SELECT count(*) FROM erp.order_line_iface l"
                          + " WHERE l.source_system = o.source_system"
                          + " AND l.order_source_ref = o.source_ref)"
                          + " FROM erp.order_iface o WHERE source_system = 'crm-us'"
                          + " AND source_ref = ?")) {
                ps.setString(1, Long.toString(order));
                try (ResultSet rs = ps.executeQuery()) {
                  assertThat(rs.next()).as("order %s of crm-us in the ERP", order).isTrue();
                  assertThat(rs.getString(1)).isEqualTo(Long.toString(grace));
                  assertThat(rs.getInt(2)).isEqualTo(2);
                }
              }
              assertThat(erpCustomer("grace@example.com"))
                  .containsEntry("source_refs", "crm-us:" + grace);
            });
  }

  @Test
  void shouldReconcileTheSecondDatabaseAndHaveItsOwnCaptureReadAMissedRowAgain() throws Exception {
    long carol = insertCustomer(us, "Carol", "carol@example.com", "Austin");
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpCustomer("carol@example.com"))
                    .containsEntry("source_refs", "crm-us:" + carol));
    // Every field is newest-wins here: the second database owns none, its rows are compared.
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () -> {
              PipelineCommands.Result clean = reconcileSecondDatabase();
              assertThat(clean.code()).as(clean.output()).isZero();
              assertThat(clean.output())
                  .contains("crm-us owns none of the compared fields")
                  .contains("fields compared []: no drift");
            });

    long dora;
    try (Statement st = us.createStatement()) {
      st.execute("SET SESSION sql_log_bin = 0");
      try {
        dora = insertCustomer(us, "Dora", "dora@example.com", "Dallas");
      } finally {
        st.execute("SET SESSION sql_log_bin = 1");
      }
    }
    PipelineCommands.Result drifted = reconcileSecondDatabase();
    assertThat(drifted.code()).as(drifted.output()).isEqualTo(3);
    assertThat(drifted.output()).contains("customer crm-us:" + dora + ": MISSING_IN_PIPELINE");

    // The signal goes to the second database's capture (keyed by its topic prefix), not the first.
    PipelineCommands.Result repaired =
        reconcileSecondDatabase("--repair", "--reason", "US binlog gap");
    assertThat(repaired.code()).as(repaired.output()).isZero();
    assertThat(repaired.output())
        .contains("1 CRM rows to be read again by " + EmbeddedPipeline.SECOND_CRM_TOPIC_PREFIX);
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(
            () ->
                assertThat(erpCustomer("dora@example.com"))
                    .containsEntry("action", "UPSERT")
                    .containsEntry("city", "Dallas")
                    .containsEntry("source_refs", "crm-us:" + dora));
    assertThat(auditTrail("crm-us.customers", dora))
        .contains("RECAPTURE_REQUESTED")
        .contains("US binlog gap");
    await()
        .atMost(ERP_WAIT)
        .untilAsserted(() -> assertThat(reconcileSecondDatabase().output()).contains("no drift"));
  }

  private static PipelineCommands.Result reconcileSecondDatabase(String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "reconcile",
                "customers",
                "--registry-url",
                pipeline.registry().baseUri().toString(),
                "--erp-url",
                pipeline.erp().jdbcUrl(),
                "--erp-user",
                pipeline.erp().user(),
                "--crm-url",
                pipeline.secondCrm().jdbcUrl(EmbeddedPipeline.CRM_DATABASE),
                "--crm-user",
                "root",
                "--source-system",
                "crm-us",
                "--crm-source",
                "crm-us",
                "--crm-topic-prefix",
                EmbeddedPipeline.SECOND_CRM_TOPIC_PREFIX,
                "--mapping",
                mapping.toString()));
    args.addAll(java.util.List.of(more));
    return PipelineCommands.execute(pipeline, args.toArray(String[]::new));
  }

  private static String auditTrail(String table, long id) {
    return PipelineCommands.auditTrail(pipeline, table, id);
  }

  /** Waits until the wall clock (and so the binlog's commit second) has moved to a new second. */
  private static void nextSecond() {
    long second = System.currentTimeMillis() / 1000;
    await()
        .pollInterval(Duration.ofMillis(20))
        .until(() -> System.currentTimeMillis() / 1000 > second);
  }

  private static Map<String, Object> erpCustomer(String ref) throws SQLException {
    try (PreparedStatement ps =
        erp.prepareStatement(
            "SELECT city, action, source_refs FROM erp.customer_iface WHERE source_ref = ?")) {
      ps.setString(1, ref);
      try (ResultSet rs = ps.executeQuery()) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (rs.next()) {
          row.put("city", rs.getString(1));
          row.put("action", rs.getString(2));
          row.put("source_refs", rs.getString(3));
        }
        return row;
      }
    }
  }

  private static long insertCustomer(Connection crm, String name, String email, String city)
      throws SQLException {
    try (PreparedStatement ps =
        crm.prepareStatement(
            "INSERT INTO customers (first_name, last_name, email, city, country_code,"
                + " credit_limit, phone) VALUES (?, 'Tester', ?, ?, 'GB', 100.00, '+44 1')",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, name);
      ps.setString(2, email);
      ps.setString(3, city);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static void execute(Connection crm, String sql) throws SQLException {
    try (Statement st = crm.createStatement()) {
      st.execute(sql);
    }
  }
}
