package io.crmerpsync.streams.topology;

/**
 * The raw change topics the topology reads, as cdc-source names them: {@code
 * <prefix>.<database>.<table>}.
 */
public record RawTopics(String customers, String orders, String orderLines) {

  /** The raw topics of the sample CRM tables under {@code prefix} and {@code database}. */
  public static RawTopics of(String prefix, String database) {
    String base = prefix + "." + database + ".";
    return new RawTopics(base + "customers", base + "orders", base + "order_lines");
  }
}
