package io.crmerpsync.bench.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.streams.topology.RawTopics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * CRM transactions in cdc-source's raw-topic format (see {@code RawChangeContract}): row changes
 * with JSON key {@code {"id":..}} and the Debezium envelope plus {@code position}, and BEGIN/END
 * markers on the transaction topic with per-table counts. Transactions, as a CRM application makes
 * them: half update or insert one customer; a fifth insert an order with three lines; the rest
 * update an order's status and one of its lines. About a quarter of the row changes are customers,
 * a quarter orders, half order lines. Positions and GTIDs increase with every transaction, so no
 * change is a duplicate: every change passes the version gate. Deterministic for a seed.
 */
public final class RawChangeGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long BASE_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final String[] CITIES = {"London", "Paris", "Berlin", "Madrid", "Vienna"};
  private static final String[] COUNTRIES = {"GB", "FR", "DE", "ES", "AT"};
  private static final int LINES_PER_ORDER = 3;

  /** One raw record for topic {@code topic}. */
  public record RawRecord(String topic, byte[] key, byte[] value) {}

  /** What a generation produced. */
  public record Counts(
      long customers, long orders, long orderLines, long transactions, long markers) {
    /** Row changes (customers, orders and lines), markers not included. */
    public long changes() {
      return customers + orders + orderLines;
    }

    /** Every record written: row changes and transaction markers. */
    public long records() {
      return changes() + markers;
    }
  }

  private final RawTopics topics;
  private final long seed;

  public RawChangeGenerator(RawTopics topics, long seed) {
    this.topics = topics;
    this.seed = seed;
  }

  /** Generates whole transactions until at least {@code changes} row changes are written. */
  public Counts generate(long changes, Consumer<RawRecord> sink) {
    if (changes < 10) {
      throw new IllegalArgumentException("generate at least 10 changes, asked for " + changes);
    }
    Random random = new Random(seed);
    Tx tx = new Tx(sink);
    long customerCount = 0;
    long orderCount = 0;
    while (tx.customers + tx.orders + tx.lines < changes) {
      tx.begin();
      int dice = random.nextInt(10);
      if (dice < 5 || orderCount == 0) {
        boolean insert = customerCount == 0 || random.nextBoolean();
        long id = insert ? ++customerCount : 1 + (long) (random.nextDouble() * customerCount);
        if (dice < 5) {
          tx.change(topics.customers(), id, customer(id, tx.seq), !insert);
        } else {
          tx.change(topics.customers(), id, customer(id, tx.seq), !insert);
          long order = ++orderCount;
          newOrder(tx, order, id);
        }
      } else if (dice < 7) {
        long customer = 1 + (long) (random.nextDouble() * Math.max(1, customerCount));
        newOrder(tx, ++orderCount, customer);
      } else {
        long order = 1 + (long) (random.nextDouble() * orderCount);
        tx.change(topics.orders(), order, order(order, 1, tx.seq), true);
        long line = firstLine(order) + random.nextInt(LINES_PER_ORDER);
        tx.change(topics.orderLines(), line, line(line, order, tx.seq), true);
      }
      tx.end();
    }
    return new Counts(tx.customers, tx.orders, tx.lines, tx.seq, 2 * tx.seq);
  }

  /**
   * Inserts {@code customers} new customers (ids 1..N), {@code perTransaction} to a CRM
   * transaction, as a bulk import would: every change a new key for the customer stores.
   */
  public Counts generateCustomerInserts(
      long customers, int perTransaction, Consumer<RawRecord> sink) {
    if (customers < 1 || perTransaction < 1) {
      throw new IllegalArgumentException(
          "insert at least one customer, at least one per transaction, asked for "
              + customers
              + ", "
              + perTransaction);
    }
    Tx tx = new Tx(sink);
    long id = 0;
    while (id < customers) {
      tx.begin();
      for (int i = 0; i < perTransaction && id < customers; i++) {
        id++;
        tx.change(topics.customers(), id, customer(id, tx.seq), false);
      }
      tx.end();
    }
    return new Counts(tx.customers, 0, 0, tx.seq, 2 * tx.seq);
  }

  private void newOrder(Tx tx, long order, long customer) {
    tx.change(topics.orders(), order, order(order, customer, tx.seq), false);
    for (int i = 0; i < LINES_PER_ORDER; i++) {
      long line = firstLine(order) + i;
      tx.change(topics.orderLines(), line, line(line, order, tx.seq), false);
    }
  }

  private static long firstLine(long order) {
    return (order - 1) * LINES_PER_ORDER + 1;
  }

  /** One source transaction being written: its GTID, position, and per-table counts. */
  private final class Tx {
    private final Consumer<RawRecord> sink;
    private final Map<String, Long> perTable = new LinkedHashMap<>();
    long seq;
    long customers;
    long orders;
    long lines;
    private int totalOrder;

    Tx(Consumer<RawRecord> sink) {
      this.sink = sink;
    }

    void begin() {
      seq++;
      totalOrder = 0;
      perTable.clear();
      ObjectNode marker = JSON.createObjectNode();
      marker.put("status", "BEGIN");
      marker.put("id", gtid());
      marker.putNull("event_count");
      marker.putNull("data_collections");
      marker.put("ts_ms", BASE_MILLIS + seq);
      sink.accept(markerRecord(marker));
    }

    void change(String topic, long id, ObjectNode row, boolean update) {
      totalOrder++;
      String table = topic.substring(topic.lastIndexOf('.') + 1);
      String collection = topics.database() + "." + table;
      long inTable = perTable.merge(collection, 1L, Long::sum);
      if (topic.equals(topics.customers())) {
        customers++;
      } else if (topic.equals(topics.orders())) {
        orders++;
      } else {
        lines++;
      }
      ObjectNode envelope = JSON.createObjectNode();
      envelope.set("before", update ? row : null);
      envelope.set("after", row);
      ObjectNode source = envelope.putObject("source");
      source.put("version", "3.5.0.Final");
      source.put("connector", "mariadb");
      source.put("name", "crm");
      source.put("ts_ms", BASE_MILLIS + seq);
      source.putNull("snapshot");
      source.put("db", topics.database());
      source.put("table", table);
      source.put("server_id", 1);
      source.put("gtid", gtid());
      source.put("file", "mysql-bin.000001");
      source.put("pos", position());
      source.put("row", 0);
      ObjectNode transaction = envelope.putObject("transaction");
      transaction.put("id", gtid());
      transaction.put("total_order", totalOrder);
      transaction.put("data_collection_order", inTable);
      envelope.put("op", update ? "u" : "c");
      envelope.put("ts_ms", BASE_MILLIS + seq + 5);
      ObjectNode position = envelope.putObject("position");
      position.put("server_id", 1);
      position.put("gtid", gtid());
      position.put("file", "mysql-bin.000001");
      position.put("pos", position());
      position.put("event", 2L * totalOrder);
      position.put("row", 0);
      position.put("total_order", totalOrder);
      position.put("snapshot", false);
      sink.accept(
          new RawRecord(
              topic,
              ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8),
              envelope.toString().getBytes(StandardCharsets.UTF_8)));
    }

    void end() {
      ObjectNode marker = JSON.createObjectNode();
      marker.put("status", "END");
      marker.put("id", gtid());
      marker.put("event_count", totalOrder);
      ArrayNode collections = marker.putArray("data_collections");
      perTable.forEach(
          (collection, count) -> {
            ObjectNode c = collections.addObject();
            c.put("data_collection", collection);
            c.put("event_count", count);
          });
      marker.put("ts_ms", BASE_MILLIS + seq);
      sink.accept(markerRecord(marker));
    }

    private RawRecord markerRecord(ObjectNode marker) {
      return new RawRecord(
          topics.transactions(),
          ("{\"id\":\"" + gtid() + "\"}").getBytes(StandardCharsets.UTF_8),
          marker.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String gtid() {
      return "0-1-" + seq;
    }

    private long position() {
      return 4 + seq * 1_400;
    }
  }

  private static ObjectNode customer(long id, long seq) {
    int city = (int) (seq % CITIES.length);
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    row.put("first_name", "Ada");
    row.put("last_name", "Lovelace");
    row.put("company_name", "Analytical Engines Ltd");
    row.put("email", "ada." + id + "@example.com");
    row.put("phone", "+44 20 7946 " + (seq % 10_000));
    row.put("tax_id", "GB" + (100_000_000 + id));
    row.put("street", (seq % 200) + " High Street");
    row.put("city", CITIES[city]);
    row.put("postal_code", "EC1A 1BB");
    row.put("country_code", COUNTRIES[city]);
    row.put("credit_limit", (1000 + seq % 9000) + ".00");
    row.put("payment_terms_days", 30);
    row.put("status", "ACTIVE");
    row.put("created_at", BASE_MILLIS);
    row.put("updated_at", BASE_MILLIS + seq);
    return row;
  }

  private static ObjectNode order(long id, long customer, long seq) {
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    row.put("order_number", "SO-" + (100_000 + id));
    row.put("customer_id", customer);
    row.put("status", seq % 3 == 0 ? "CONFIRMED" : "DRAFT");
    row.put("currency", "EUR");
    row.put("total_amount", (10 + seq % 990) + ".50");
    row.put("ordered_at", BASE_MILLIS + seq);
    row.put("shipping_street", "4 Dock Road");
    row.put("shipping_city", "Hamburg");
    row.put("shipping_postal_code", "20457");
    row.put("shipping_country_code", "DE");
    row.put("created_at", BASE_MILLIS);
    row.put("updated_at", BASE_MILLIS + seq);
    return row;
  }

  private static ObjectNode line(long id, long order, long seq) {
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    row.put("order_id", order);
    row.put("line_no", 1 + (int) ((id - 1) % LINES_PER_ORDER));
    row.put("sku", "SKU-" + (id % 50));
    row.put("description", "Part " + (id % 50));
    row.put("quantity", (1 + seq % 20) + ".000");
    row.put("unit_price", (1 + seq % 99) + ".99");
    return row;
  }
}
