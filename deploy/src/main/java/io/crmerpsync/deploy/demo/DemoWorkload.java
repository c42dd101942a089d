package io.crmerpsync.deploy.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic CRM activity on the sample schema, through plain JDBC as a CRM application would: new
 * customers, address and credit edits, orders with lines in one transaction, status changes,
 * cancellations, line edits and deletes. Deterministic for a given seed.
 */
public final class DemoWorkload {
  private static final String[] FIRST = {
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"
  };
  private static final String[] LAST = {
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman"
  };
  private static final String[][] CITIES = {
    {"London", "GB", "EC1A 1BB"}, {"Paris", "FR", "75001"}, {"Berlin", "DE", "10115"},
    {"Madrid", "ES", "28001"}, {"Milan", "IT", "20121"}, {"Vienna", "AT", "1010"},
    {"Lisbon", "PT", "1100-148"}, {"Dublin", "IE", "D02 X285"}
  };
  private static final String[] SKUS = {"BOLT-M8", "NUT-M8", "GEAR-12T", "BELT-400", "PUMP-2K"};

  private final Connection crm;
  private final Random random;
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong rowChanges = new AtomicLong();
  private long orderSeq;

  /** A workload on {@code crm} (autocommit is switched off; each action is one transaction). */
  public DemoWorkload(Connection crm, long seed) throws SQLException {
    this.crm = crm;
    this.crm.setAutoCommit(false);
    this.random = new Random(seed);
    try (Statement st = crm.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM orders")) {
      rs.next();
      orderSeq = rs.getLong(1);
    }
  }

  /** Inserts {@code customers} customers and {@code orders} orders with 1-4 lines each. */
  public void loadInitialData(int customers, int orders) throws SQLException {
    for (int i = 0; i < customers; i++) {
      insertCustomer();
      if (i % 100 == 99) {
        crm.commit();
      }
    }
    crm.commit();
    for (int i = 0; i < orders; i++) {
      insertOrder();
      if (i % 50 == 49) {
        crm.commit();
      }
    }
    crm.commit();
  }

  /** Runs one random business action as one transaction. */
  public void step() throws SQLException {
    int dice = random.nextInt(100);
    try {
      if (dice < 30) {
        updateCustomer();
      } else if (dice < 42) {
        insertCustomer();
      } else if (dice < 67) {
        insertOrder();
      } else if (dice < 80) {
        advanceOrderStatus();
      } else if (dice < 87) {
        cancelOrder();
      } else if (dice < 95) {
        editOrderLines();
      } else {
        deleteProspect();
      }
      crm.commit();
      transactions.incrementAndGet();
    } catch (SQLException e) {
      crm.rollback();
      throw e;
    }
  }

  /** Transactions committed by {@link #step()}. */
  public long transactions() {
    return transactions.get();
  }

  /** Rows inserted, updated or deleted so far. */
  public long rowChanges() {
    return rowChanges.get();
  }

  private long insertCustomer() throws SQLException {
    String[] city = CITIES[random.nextInt(CITIES.length)];
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    try (PreparedStatement ps =
        crm.prepareStatement(
            "INSERT INTO customers (first_name, last_name, company_name, email, phone, tax_id,"
                + " street, city, postal_code, country_code, credit_limit, payment_terms_days,"
                + " status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, first);
      ps.setString(2, last);
      ps.setString(3, random.nextBoolean() ? last + " Engineering Ltd" : null);
      ps.setString(
          4,
          (first + "." + last + "." + Long.toHexString(random.nextLong()) + "@example.com")
              .toLowerCase());
      ps.setString(5, "+44 20 " + (7000_0000 + random.nextInt(999_9999)));
      ps.setString(6, city[1] + (100_000_000 + random.nextInt(899_999_999)));
      ps.setString(7, (1 + random.nextInt(200)) + " High Street");
      ps.setString(8, city[0]);
      ps.setString(9, city[2]);
      ps.setString(10, city[1]);
      ps.setBigDecimal(11, BigDecimal.valueOf(random.nextInt(500) * 100L, 0).setScale(2));
      ps.setInt(12, new int[] {14, 30, 45, 60}[random.nextInt(4)]);
      ps.setString(13, random.nextInt(10) == 0 ? "PROSPECT" : "ACTIVE");
      ps.executeUpdate();
      rowChanges.incrementAndGet();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private void updateCustomer() throws SQLException {
    Long id = randomId("SELECT id FROM customers WHERE id >= ? ORDER BY id LIMIT 1", "customers");
    if (id == null) {
      insertCustomer();
      return;
    }
    String[] city = CITIES[random.nextInt(CITIES.length)];
    try (PreparedStatement ps =
        crm.prepareStatement(
            "UPDATE customers SET street = ?, city = ?, postal_code = ?, country_code = ?,"
                + " credit_limit = credit_limit + ?, phone = ? WHERE id = ?")) {
      ps.setString(1, (1 + random.nextInt(200)) + " Market Square");
      ps.setString(2, city[0]);
      ps.setString(3, city[2]);
      ps.setString(4, city[1]);
      ps.setBigDecimal(5, BigDecimal.valueOf(random.nextInt(10) * 50L).setScale(2));
      ps.setString(6, "+49 30 " + (1000_0000 + random.nextInt(899_9999)));
      ps.setLong(7, id);
      rowChanges.addAndGet(ps.executeUpdate());
    }
  }

  private void insertOrder() throws SQLException {
    Long customer =
        randomId("SELECT id FROM customers WHERE id >= ? ORDER BY id LIMIT 1", "customers");
    if (customer == null) {
      customer = insertCustomer();
    }
    int lineCount = 1 + random.nextInt(4);
    List<BigDecimal[]> lines = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO.setScale(2);
    for (int i = 0; i < lineCount; i++) {
      BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(20)).setScale(3);
      BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(9900), 2);
      lines.add(new BigDecimal[] {quantity, price});
      total = total.add(quantity.multiply(price)).setScale(2, java.math.RoundingMode.HALF_UP);
    }
    String[] city = CITIES[random.nextInt(CITIES.length)];
    long orderId;
    try (PreparedStatement ps =
        crm.prepareStatement(
            "INSERT INTO orders (order_number, customer_id, status, currency, total_amount,"
                + " ordered_at, shipping_street, shipping_city, shipping_postal_code,"
                + " shipping_country_code) VALUES (?,?,?,?,?,?,?,?,?,?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, "SO-" + (100_000 + ++orderSeq) + "-" + random.nextInt(1000));
      ps.setLong(2, customer);
      ps.setString(3, random.nextBoolean() ? "DRAFT" : "CONFIRMED");
      ps.setString(4, "EUR");
      ps.setBigDecimal(5, total);
      ps.setTimestamp(6, Timestamp.from(Instant.now()));
      ps.setString(7, (1 + random.nextInt(200)) + " Dock Road");
      ps.setString(8, city[0]);
      ps.setString(9, city[2]);
      ps.setString(10, city[1]);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        orderId = keys.getLong(1);
      }
    }
    try (PreparedStatement ps =
        crm.prepareStatement(
            "INSERT INTO order_lines (order_id, line_no, sku, description, quantity, unit_price)"
                + " VALUES (?,?,?,?,?,?)")) {
      for (int i = 0; i < lines.size(); i++) {
        String sku = SKUS[random.nextInt(SKUS.length)];
        ps.setLong(1, orderId);
        ps.setInt(2, i + 1);
        ps.setString(3, sku);
        ps.setString(4, "Part " + sku);
        ps.setBigDecimal(5, lines.get(i)[0]);
        ps.setBigDecimal(6, lines.get(i)[1]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    rowChanges.addAndGet(1 + lines.size());
  }

  private void advanceOrderStatus() throws SQLException {
    try (PreparedStatement ps =
        crm.prepareStatement(
            "UPDATE orders SET status = CASE status WHEN 'DRAFT' THEN 'CONFIRMED'"
                + " WHEN 'CONFIRMED' THEN 'SHIPPED' ELSE status END"
                + " WHERE id = (SELECT id FROM (SELECT id FROM orders WHERE id >= ?"
                + " AND status IN ('DRAFT','CONFIRMED') ORDER BY id LIMIT 1) AS pick)")) {
      ps.setLong(1, randomStart("orders"));
      rowChanges.addAndGet(ps.executeUpdate());
    }
  }

  private void cancelOrder() throws SQLException {
    try (PreparedStatement ps =
        crm.prepareStatement(
            "UPDATE orders SET status = 'CANCELLED' WHERE id = (SELECT id FROM (SELECT id FROM"
                + " orders WHERE id >= ? AND status = 'DRAFT' ORDER BY id LIMIT 1) AS pick)")) {
      ps.setLong(1, randomStart("orders"));
      rowChanges.addAndGet(ps.executeUpdate());
    }
  }

  private void editOrderLines() throws SQLException {
    Long orderId =
        randomId(
            "SELECT order_id FROM order_lines WHERE order_id >= ? ORDER BY order_id LIMIT 1",
            "orders");
    if (orderId == null) {
      return;
    }
    try (PreparedStatement update =
            crm.prepareStatement(
                "UPDATE order_lines SET quantity = quantity + 1 WHERE order_id = ? AND line_no = 1");
        PreparedStatement delete =
            crm.prepareStatement(
                "DELETE FROM order_lines WHERE order_id = ? AND line_no > 1 ORDER BY line_no DESC"
                    + " LIMIT 1")) {
      update.setLong(1, orderId);
      rowChanges.addAndGet(update.executeUpdate());
      delete.setLong(1, orderId);
      rowChanges.addAndGet(delete.executeUpdate());
    }
  }

  private void deleteProspect() throws SQLException {
    long id = insertCustomer();
    try (PreparedStatement ps = crm.prepareStatement("DELETE FROM customers WHERE id = ?")) {
      ps.setLong(1, id);
      rowChanges.addAndGet(ps.executeUpdate());
    }
  }

  private Long randomId(String sql, String table) throws SQLException {
    try (PreparedStatement ps = crm.prepareStatement(sql)) {
      ps.setLong(1, randomStart(table));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private long randomStart(String table) throws SQLException {
    try (Statement st = crm.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
      rs.next();
      long max = rs.getLong(1);
      return max == 0 ? 0 : 1 + (long) (random.nextDouble() * max);
    }
  }
}
