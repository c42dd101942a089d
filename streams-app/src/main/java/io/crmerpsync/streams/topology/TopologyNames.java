package io.crmerpsync.streams.topology;

/**
 * Names of the topology's nodes, stores and internal topics. They are stable API: state and
 * changelog topics are named after them, so renaming one orphans state. Defined once, shared by the
 * builder, the processors and the tests.
 */
public final class TopologyNames {
  // Stores: one entry per key each.
  public static final String CUSTOMER_POSITIONS_STORE = "customer-positions";
  public static final String CUSTOMER_PENDING_STORE = "customer-pending";
  public static final String CUSTOMER_GOLDEN_STORE = "customer-golden";
  public static final String ERP_CUSTOMER_POSITIONS_STORE = "erp-customer-positions";
  public static final String ERP_ORDER_POSITIONS_STORE = "erp-order-positions";

  /**
   * The positions store of a CRM database's customers gate: {@code customer-positions} for the
   * first ({@code crm}), {@code customer-positions-<source>} for another one named in the
   * configuration.
   */
  public static String customerPositionsStore(String source) {
    return EmitSettings.CRM_SOURCE.equals(source)
        ? CUSTOMER_POSITIONS_STORE
        : CUSTOMER_POSITIONS_STORE + "-" + source;
  }

  /** The source node of another CRM database's customers topic. */
  static String extraCustomersSource(String source) {
    return source + "-customers-source";
  }

  /** The gate of another CRM database's customers. */
  static String extraCustomerGate(String source) {
    return "customer-gate-" + source;
  }

  /** The open review conflicts of each customer: one entry per customer with one open. */
  public static final String CUSTOMER_OPEN_CONFLICTS_STORE = "customer-open-conflicts";

  /** Every source's customer changes keyed by customer id, where the golden record is kept. */
  public static final String CUSTOMER_CHANGES_TOPIC = "sync.internal.customer-changes.v1";

  public static final String ORDER_POSITIONS_STORE = "order-positions";
  public static final String ORDER_LINE_POSITIONS_STORE = "order-line-positions";
  public static final String ORDER_AGGREGATES_STORE = "order-aggregates";
  public static final String ORDER_TRANSACTIONS_STORE = "order-transactions";

  /** Order changes and END markers keyed by source transaction id, for transaction assembly. */
  public static final String ORDER_TRANSACTIONS_TOPIC = "sync.internal.order-transactions.v1";

  /**
   * Order headers and lines re-keyed by order id, so that an order meets all its lines in one task
   * whatever the partitioning of the raw topics.
   */
  public static final String ORDER_PARTS_BY_ORDER_TOPIC = "sync.internal.order-parts-by-order.v1";

  // Nodes.
  static final String CUSTOMERS_SOURCE = "crm-customers-source";
  static final String ORDERS_SOURCE = "crm-orders-source";
  static final String ORDER_LINES_SOURCE = "crm-order-lines-source";
  static final String ORDER_PARTS_SOURCE = "order-parts-by-order-source";
  static final String CUSTOMER_PROCESSOR = "customer-gate";
  static final String ERP_CUSTOMERS_SOURCE = "erp-customers-source";
  static final String ERP_CUSTOMER_GATE = "erp-customer-gate";
  static final String ERP_ORDERS_SOURCE = "erp-orders-source";
  static final String ERP_ORDER_GATE = "erp-order-gate";
  static final String CUSTOMER_CHANGES_SOURCE = "customer-changes-source";
  static final String CUSTOMER_GOLDEN = "customer-golden-record";
  static final String CONFLICT_RESOLUTIONS_SOURCE = "conflict-resolutions-source";
  static final String CUSTOMER_RESYNC_REQUESTS_SOURCE = "customer-resync-requests-source";
  static final String ORDER_RESYNC_REQUESTS_SOURCE = "order-resync-requests-source";
  static final String TRANSACTIONS_SOURCE = "crm-transactions-source";
  static final String TRANSACTION_MARKERS = "order-transaction-markers";
  static final String ORDER_TRANSACTIONS_SOURCE = "order-transactions-source";
  static final String TRANSACTION_ASSEMBLER = "order-transaction-assembler";
  static final String ORDER_HEADER_GATE = "order-header-gate";
  static final String ORDER_LINE_GATE = "order-line-gate";
  static final String ORDER_ASSEMBLER = "order-assembler";
  public static final String CANONICAL_CUSTOMERS_SINK = "canonical-customers-sink";
  public static final String CANONICAL_ORDERS_SINK = "canonical-orders-sink";
  public static final String CUSTOMER_COMMANDS_SINK = "erp-customer-commands-sink";
  public static final String ORDER_COMMANDS_SINK = "erp-order-commands-sink";
  public static final String ORDER_PARTS_SINK = "order-parts-by-order-sink";
  public static final String ORDER_TRANSACTIONS_SINK = "order-transactions-sink";
  public static final String INCOMPLETE_TRANSACTIONS_SINK = "incomplete-transactions-sink";
  public static final String DEAD_LETTER_SINK = "dead-letter-sink";
  public static final String AUDIT_SINK = "audit-sink";
  public static final String CUSTOMER_CHANGES_SINK = "customer-changes-sink";
  public static final String CONFLICTS_SINK = "conflicts-sink";

  /** The ERP importer's reports; its processors and stores are named by {@code ImportEntity}. */
  public static final String ERP_STATUS_SINK = "erp-status-sink";

  private TopologyNames() {}
}
