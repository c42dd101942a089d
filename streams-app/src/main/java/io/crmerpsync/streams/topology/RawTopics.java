package io.crmerpsync.streams.topology;

/**
 * The raw change topics the topology reads, as cdc-source names them: {@code
 * <prefix>.<database>.<table>}, and the transaction markers on {@code <prefix>.transaction}.
 *
 * @param database the CRM database, as transaction markers name tables ({@code <database>.<table>})
 */
public record RawTopics(
    String customers, String orders, String orderLines, String transactions, String database) {

  /** The raw topics of the sample CRM tables under {@code prefix} and {@code database}. */
  public static RawTopics of(String prefix, String database) {
    String base = prefix + "." + database + ".";
    return new RawTopics(
        base + "customers",
        base + "orders",
        base + "order_lines",
        prefix + ".transaction",
        database);
  }

  /** The orders table as transaction markers name it. */
  public String ordersCollection() {
    return database + ".orders";
  }

  /** The order lines table as transaction markers name it. */
  public String orderLinesCollection() {
    return database + ".order_lines";
  }
}
