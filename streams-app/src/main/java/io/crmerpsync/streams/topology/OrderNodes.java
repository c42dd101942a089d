package io.crmerpsync.streams.topology;

/**
 * The names of one CRM database's order sub-topology: its nodes, stores and internal topics. The
 * first CRM database ({@code crm}) has the names the topology always had; another database's names
 * carry its source name, e.g. store {@code order-positions-crm-us} and topic {@code
 * sync.internal.order-parts-by-order.crm-us.v1}, so that the two never share a store, a topic or a
 * key.
 *
 * @param source the CRM database's name in the mapping file
 * @param sourceSystem the system name written into its orders' commands and canonical records
 */
public record OrderNodes(String source, String sourceSystem, Routing routing) {

  /** The names of CRM database {@code source}, routed through Kafka. */
  public OrderNodes(String source, String sourceSystem) {
    this(source, sourceSystem, Routing.THROUGH_KAFKA);
  }

  /** The names of the first CRM database, whose orders' system is {@code sourceSystem}. */
  public static OrderNodes first(String sourceSystem) {
    return new OrderNodes(EmitSettings.CRM_SOURCE, sourceSystem);
  }

  /** These names with {@code routing}. */
  public OrderNodes routed(Routing routing) {
    return new OrderNodes(source, sourceSystem, routing);
  }

  /**
   * Where a gate or the markers send what goes to transaction assembly: the sink of the internal
   * transactions topic, or the assembler itself ({@link Routing#IN_TASK}).
   */
  public String transactionsTarget() {
    return routing == Routing.IN_TASK ? transactionAssembler() : transactionsSink();
  }

  /**
   * Where order parts go to their order: the sink of the internal parts topic, or the order
   * assembler itself ({@link Routing#IN_TASK}).
   */
  public String partsTarget() {
    return routing == Routing.IN_TASK ? assembler() : partsSink();
  }

  /** Whether these are the first CRM database's names. */
  public boolean isFirst() {
    return EmitSettings.CRM_SOURCE.equals(source);
  }

  private String node(String base) {
    return isFirst() ? base : base + "-" + source;
  }

  private String topic(String versioned) {
    return isFirst()
        ? versioned
        : versioned.substring(0, versioned.lastIndexOf(".v")) + "." + source + ".v1";
  }

  /** The key of an order on the canonical and command topics: its id, or {@code source:id}. */
  public String orderKey(String orderId) {
    return isFirst() ? orderId : source + ":" + orderId;
  }

  /** The table name the audit trail and metrics use: {@code orders}, or {@code crm-us.orders}. */
  public String table(String table) {
    return isFirst() ? table : source + "." + table;
  }

  public String positionsStore() {
    return node(TopologyNames.ORDER_POSITIONS_STORE);
  }

  public String linePositionsStore() {
    return node(TopologyNames.ORDER_LINE_POSITIONS_STORE);
  }

  public String transactionsStore() {
    return node(TopologyNames.ORDER_TRANSACTIONS_STORE);
  }

  public String aggregatesStore() {
    return node(TopologyNames.ORDER_AGGREGATES_STORE);
  }

  public String transactionsTopic() {
    return topic(TopologyNames.ORDER_TRANSACTIONS_TOPIC);
  }

  public String partsTopic() {
    return topic(TopologyNames.ORDER_PARTS_BY_ORDER_TOPIC);
  }

  /** Where operators' resync requests of these orders arrive, keyed by order id. */
  public String resyncRequestsTopic() {
    return topic(io.crmerpsync.schemas.Topics.RESYNC_REQUESTS_ORDERS);
  }

  public String partsSink() {
    return node(TopologyNames.ORDER_PARTS_SINK);
  }

  public String transactionsSink() {
    return node(TopologyNames.ORDER_TRANSACTIONS_SINK);
  }

  public String incompleteSink() {
    return node(TopologyNames.INCOMPLETE_TRANSACTIONS_SINK);
  }

  public String canonicalSink() {
    return node(TopologyNames.CANONICAL_ORDERS_SINK);
  }

  public String commandsSink() {
    return node(TopologyNames.ORDER_COMMANDS_SINK);
  }

  String ordersSource() {
    return node(TopologyNames.ORDERS_SOURCE);
  }

  String linesSource() {
    return node(TopologyNames.ORDER_LINES_SOURCE);
  }

  String partsSource() {
    return node(TopologyNames.ORDER_PARTS_SOURCE);
  }

  String resyncRequestsSource() {
    return node(TopologyNames.ORDER_RESYNC_REQUESTS_SOURCE);
  }

  String rawTransactionsSource() {
    return node(TopologyNames.TRANSACTIONS_SOURCE);
  }

  String markers() {
    return node(TopologyNames.TRANSACTION_MARKERS);
  }

  String transactionItemsSource() {
    return node(TopologyNames.ORDER_TRANSACTIONS_SOURCE);
  }

  String transactionAssembler() {
    return node(TopologyNames.TRANSACTION_ASSEMBLER);
  }

  String headerGate() {
    return node(TopologyNames.ORDER_HEADER_GATE);
  }

  String lineGate() {
    return node(TopologyNames.ORDER_LINE_GATE);
  }

  String assembler() {
    return node(TopologyNames.ORDER_ASSEMBLER);
  }
}
