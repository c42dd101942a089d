package io.crmerpsync.bench.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmerpsync.streams.topology.RawTopics;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Raw change records in cdc-source's raw-topic format (see {@code RawChangeContract}): JSON key
 * {@code {"id":..}}, Debezium envelope plus {@code position}. The mix is three customer changes,
 * two order changes and five order-line changes in every ten; each key is inserted ({@code c}) on
 * its first change and updated ({@code u}, full before and after image) on later ones, about two
 * changes per key. Every change has its own binlog position and GTID, increasing, so none is a
 * duplicate: every change passes the version gate. Deterministic for a seed.
 */
public final class RawChangeGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long BASE_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final String[] CITIES = {"London", "Paris", "Berlin", "Madrid", "Vienna"};
  private static final String[] COUNTRIES = {"GB", "FR", "DE", "ES", "AT"};

  /** One raw record for topic {@code topic}. */
  public record RawRecord(String topic, byte[] key, byte[] value) {}

  /** How many records of each table a generation produced. */
  public record Counts(long customers, long orders, long orderLines) {
    public long total() {
      return customers + orders + orderLines;
    }

    /** Order and line changes: each becomes one record on the order-parts topic. */
    public long orderParts() {
      return orders + orderLines;
    }
  }

  private final RawTopics topics;
  private final String database;
  private final long seed;

  public RawChangeGenerator(RawTopics topics, String database, long seed) {
    this.topics = topics;
    this.database = database;
    this.seed = seed;
  }

  /** Generates {@code n} records in order, handing each to {@code sink}. */
  public Counts generate(long n, Consumer<RawRecord> sink) {
    if (n < 10) {
      throw new IllegalArgumentException("generate at least 10 records, asked for " + n);
    }
    Random random = new Random(seed);
    long customerKeys = Math.max(1, n * 3 / 10 / 2);
    long orderKeys = Math.max(1, n * 2 / 10 / 2);
    long lineKeys = Math.max(1, n * 5 / 10 / 2);
    Set<Long> seenCustomers = new HashSet<>();
    Set<Long> seenOrders = new HashSet<>();
    Set<Long> seenLines = new HashSet<>();
    long customers = 0;
    long orders = 0;
    long lines = 0;
    for (long seq = 1; seq <= n; seq++) {
      int slot = (int) (seq % 10);
      if (slot < 3) {
        long id = 1 + (long) (random.nextDouble() * customerKeys);
        boolean update = !seenCustomers.add(id);
        sink.accept(record(topics.customers(), id, customer(id, seq), update, seq));
        customers++;
      } else if (slot < 5) {
        long id = 1 + (long) (random.nextDouble() * orderKeys);
        boolean update = !seenOrders.add(id);
        sink.accept(record(topics.orders(), id, order(id, customerKeys, seq), update, seq));
        orders++;
      } else {
        long id = 1 + (long) (random.nextDouble() * lineKeys);
        boolean update = !seenLines.add(id);
        sink.accept(record(topics.orderLines(), id, line(id, orderKeys, seq), update, seq));
        lines++;
      }
    }
    return new Counts(customers, orders, lines);
  }

  private RawRecord record(String topic, long id, ObjectNode row, boolean update, long seq) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.set("before", update ? row : null);
    envelope.set("after", row);
    ObjectNode source = envelope.putObject("source");
    source.put("version", "3.5.0.Final");
    source.put("connector", "mariadb");
    source.put("name", "crm");
    source.put("ts_ms", BASE_MILLIS + seq);
    source.putNull("snapshot");
    source.put("db", database);
    source.put("table", topic.substring(topic.lastIndexOf('.') + 1));
    source.put("server_id", 1);
    source.put("gtid", "0-1-" + seq);
    source.put("file", "mysql-bin.000001");
    source.put("pos", position(seq));
    source.put("row", 0);
    ObjectNode transaction = envelope.putObject("transaction");
    transaction.put("id", "0-1-" + seq);
    transaction.put("total_order", 1);
    transaction.put("data_collection_order", 1);
    envelope.put("op", update ? "u" : "c");
    envelope.put("ts_ms", BASE_MILLIS + seq + 5);
    ObjectNode position = envelope.putObject("position");
    position.put("server_id", 1);
    position.put("gtid", "0-1-" + seq);
    position.put("file", "mysql-bin.000001");
    position.put("pos", position(seq));
    position.put("event", 2);
    position.put("row", 0);
    position.put("total_order", 1);
    position.put("snapshot", false);
    return new RawRecord(
        topic,
        ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8),
        envelope.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static long position(long seq) {
    return 4 + seq * 700;
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

  private static ObjectNode order(long id, long customerKeys, long seq) {
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    row.put("order_number", "SO-" + (100_000 + id));
    row.put("customer_id", 1 + id % customerKeys);
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

  private static ObjectNode line(long id, long orderKeys, long seq) {
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    // A line stays in one order; an order has about two and a half lines.
    row.put("order_id", 1 + id % orderKeys);
    row.put("line_no", 1 + (int) (id / orderKeys));
    row.put("sku", "SKU-" + (id % 50));
    row.put("description", "Part " + (id % 50));
    row.put("quantity", (1 + seq % 20) + ".000");
    row.put("unit_price", (1 + seq % 99) + ".99");
    return row;
  }
}
