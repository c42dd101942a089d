package io.crmerpsync.streams.topology;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.audit.AuditEvent;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpImportStatus;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.schemas.wire.SchemaRegistryException;
import io.crmerpsync.streams.audit.Auditor;
import io.crmerpsync.streams.customer.CustomerChange;
import io.crmerpsync.streams.customer.CustomerConflict;
import io.crmerpsync.streams.customer.CustomerGate;
import io.crmerpsync.streams.customer.CustomerGolden;
import io.crmerpsync.streams.customer.GoldenCustomer;
import io.crmerpsync.streams.customer.OpenConflicts;
import io.crmerpsync.streams.customer.PendingCustomer;
import io.crmerpsync.streams.dedup.KeyState;
import io.crmerpsync.streams.erpstatus.ErpStatusSources;
import io.crmerpsync.streams.erpstatus.ImportStatusProcessor;
import io.crmerpsync.streams.erpstatus.LastReport;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.order.ErpOrderGate;
import io.crmerpsync.streams.order.OrderAggregate;
import io.crmerpsync.streams.order.OrderAssembler;
import io.crmerpsync.streams.order.OrderGate;
import io.crmerpsync.streams.order.OrderPartBatch;
import io.crmerpsync.streams.order.OrderTransaction;
import io.crmerpsync.streams.order.OrderTransactionAssembler;
import io.crmerpsync.streams.order.OrderTransactionItem;
import io.crmerpsync.streams.order.OrderTransactionMarkers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the sync topology. Side-effect free: it only describes the graph, so tests build the same
 * topology that production runs.
 *
 * <pre>
 * raw customers   -> customer-gate-and-emit -> canonical.customers.v1, erp.commands.customers.v1
 * sync.resync-requests.customers.v1 -> customer-golden-record (operators' resync requests: the
 *     golden record goes to the ERP again, with the next version)
 * sync.conflict-resolutions.v1 -> customer-golden-record (operators' resolutions of
 *                                  sync.conflicts.v1)
 * raw orders      -> order-header-gate ---------\   (changes inside a transaction)
 * raw order_lines -> order-line-gate -----------+-> sync.internal.order-transactions.v1
 * crm.transaction -> order-transaction-markers -/     -> order-transaction-assembler
 *                       (END markers)                   (holds a transaction until complete;
 *                                                        late: sync.incomplete-transactions.v1)
 *   gates (snapshot rows) and the assembler -> sync.internal.order-parts-by-order.v1
 *                                               -> order-assembler -> canonical.orders.v1,
 *                                                                     erp.commands.orders.v1
 * ERP interface tables (optional) -> erp-<entity>-import-status -> sync.erp-status.v1
 *                                    (the importer's reports; PENDING rows of the sink dropped)
 * every gate      -> sync.dlq.v1 (records it cannot decode or map, with the reason)
 * every decision  -> sync.audit.v1 (applied, duplicate, stale, dead-lettered, diverted; the rule)
 * </pre>
 */
public final class SyncTopology {
  private SyncTopology() {}

  /**
   * The Avro schema of the values of every topic the topology writes in the Confluent wire format,
   * by topic (the ERP status topic only with an interface table captured).
   */
  public static Map<String, Schema> outputSchemas(ErpStatusSources erpStatus) {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(Topics.CANONICAL_CUSTOMERS, Customer.getClassSchema());
    schemas.put(Topics.ERP_COMMANDS_CUSTOMERS, ErpCommand.getClassSchema());
    schemas.put(Topics.CANONICAL_ORDERS, Order.getClassSchema());
    schemas.put(Topics.ERP_COMMANDS_ORDERS, ErpCommand.getClassSchema());
    schemas.put(Topics.AUDIT, AuditEvent.getClassSchema());
    if (!erpStatus.topics().isEmpty()) {
      schemas.put(Topics.ERP_STATUS, ErpImportStatus.getClassSchema());
    }
    return schemas;
  }

  /**
   * Registers every {@link #outputSchemas output schema} before the topology runs, so that a
   * registry refusing one (an incompatible earlier version) stops the application at its start with
   * the subject named, not its stream thread at the first record of that topic; the client's cache
   * then spares the serializers their first call to the registry.
   *
   * @throws IllegalStateException naming the topic and subject the registry refused
   */
  public static void registerOutputSchemas(
      SchemaRegistryClient registry, ErpStatusSources erpStatus) {
    outputSchemas(erpStatus)
        .forEach(
            (topic, schema) -> {
              String subject = AvroWireSerde.valueSubject(topic);
              try {
                registry.register(subject, schema);
              } catch (SchemaRegistryException e) {
                throw new IllegalStateException(
                    "the schema registry did not register the "
                        + schema.getFullName()
                        + " schema of the values of "
                        + topic
                        + " (subject "
                        + subject
                        + "): "
                        + e.getMessage()
                        + (e.httpStatus() == 409
                            ? "; it is incompatible with the versions the subject holds, which"
                                + " the topic's consumers read"
                            : ""),
                    e);
              }
            });
  }

  /** The topology for {@code rawTopics}, emitting as {@code settings} say. */
  public static Topology build(
      RawTopics rawTopics,
      EmitSettings settings,
      SchemaRegistryClient registry,
      SyncMetrics metrics) {
    return build(rawTopics, settings, ErpStatusSources.none(), registry, metrics);
  }

  /**
   * The topology for {@code rawTopics}, emitting as {@code settings} say, and publishing the ERP
   * importer's reports found in the interface tables of {@code erpStatus} on {@code
   * sync.erp-status.v1}.
   */
  public static Topology build(
      RawTopics rawTopics,
      EmitSettings settings,
      ErpStatusSources erpStatus,
      SchemaRegistryClient registry,
      SyncMetrics metrics) {
    return build(rawTopics, settings, erpStatus, registry, metrics, Routing.THROUGH_KAFKA);
  }

  /**
   * The topology for {@code rawTopics}, emitting as {@code settings} say, publishing the ERP
   * importer's reports of {@code erpStatus}, with re-keyed records routed as {@code routing} says:
   * {@link Routing#IN_TASK} only when every topic it reads has one partition.
   */
  public static Topology build(
      RawTopics rawTopics,
      EmitSettings settings,
      ErpStatusSources erpStatus,
      SchemaRegistryClient registry,
      SyncMetrics metrics,
      Routing routing) {
    return build(rawTopics, settings, erpStatus, registry, metrics, routing, null);
  }

  /**
   * The topology as {@link #build(RawTopics, EmitSettings, ErpStatusSources, SchemaRegistryClient,
   * SyncMetrics, Routing)} builds it, with every processor asking for commits at {@code pacing}
   * (null: Kafka Streams commits at its own interval only).
   */
  public static Topology build(
      RawTopics rawTopics,
      EmitSettings settings,
      ErpStatusSources erpStatus,
      SchemaRegistryClient registry,
      SyncMetrics metrics,
      Routing routing,
      CommitPacing pacing) {
    boolean inTask = routing == Routing.IN_TASK;
    String customerChangesTarget =
        inTask ? TopologyNames.CUSTOMER_GOLDEN : TopologyNames.CUSTOMER_CHANGES_SINK;
    StringSerializer keys = new StringSerializer();
    ByteArrayDeserializer rawBytes = new ByteArrayDeserializer();
    Topology topology = pacing == null ? new Topology() : new PacedTopology(pacing);

    InternalSerde<CustomerChange> customerChanges = new InternalSerde<>(CustomerChange.class);
    topology.addSource(TopologyNames.CUSTOMERS_SOURCE, rawBytes, rawBytes, rawTopics.customers());
    topology.addProcessor(
        TopologyNames.CUSTOMER_PROCESSOR,
        () ->
            CustomerGate.crm(
                EmitSettings.CRM_SOURCE,
                settings.sourceSystem(),
                settings.customerMatchColumn(),
                customerChangesTarget,
                metrics),
        TopologyNames.CUSTOMERS_SOURCE);
    topology.addStateStore(
        positionsStore(TopologyNames.CUSTOMER_POSITIONS_STORE), TopologyNames.CUSTOMER_PROCESSOR);
    List<String> customerGates = new ArrayList<>(List.of(TopologyNames.CUSTOMER_PROCESSOR));
    // Further CRM databases: their customers join the same golden records by business key.
    for (EmitSettings.CrmSource crm : settings.extraCrmSources()) {
      String sourceNode = TopologyNames.extraCustomersSource(crm.name());
      String gate = TopologyNames.extraCustomerGate(crm.name());
      topology.addSource(sourceNode, rawBytes, rawBytes, crm.topics().customers());
      topology.addProcessor(
          gate,
          () ->
              CustomerGate.crm(
                  crm.name(),
                  settings.sourceSystem(),
                  settings.customerMatchColumn(),
                  customerChangesTarget,
                  metrics),
          sourceNode);
      topology.addStateStore(
          positionsStore(TopologyNames.customerPositionsStore(crm.name())), gate);
      customerGates.add(gate);
    }
    EmitSettings.ErpCustomerSource erp = settings.erpCustomers();
    if (erp != null) {
      topology.addSource(TopologyNames.ERP_CUSTOMERS_SOURCE, rawBytes, rawBytes, erp.topic());
      topology.addProcessor(
          TopologyNames.ERP_CUSTOMER_GATE,
          () -> CustomerGate.erp(erp.table(), erp.crmIdColumn(), customerChangesTarget, metrics),
          TopologyNames.ERP_CUSTOMERS_SOURCE);
      topology.addStateStore(
          positionsStore(TopologyNames.ERP_CUSTOMER_POSITIONS_STORE),
          TopologyNames.ERP_CUSTOMER_GATE);
      customerGates.add(TopologyNames.ERP_CUSTOMER_GATE);
    }
    // In task the gates hand their changes straight to the golden record; the internal topic is
    // still read, so that what an earlier run routed through Kafka and left there is processed.
    List<String> goldenParents = new ArrayList<>();
    if (inTask) {
      goldenParents.addAll(customerGates);
    } else {
      topology.addSink(
          TopologyNames.CUSTOMER_CHANGES_SINK,
          TopologyNames.CUSTOMER_CHANGES_TOPIC,
          keys,
          customerChanges.serializer(),
          customerGates.toArray(String[]::new));
    }
    topology.addSource(
        TopologyNames.CUSTOMER_CHANGES_SOURCE,
        new StringDeserializer(),
        customerChanges.deserializer(),
        TopologyNames.CUSTOMER_CHANGES_TOPIC);
    goldenParents.add(TopologyNames.CUSTOMER_CHANGES_SOURCE);
    // Operators' resolutions, keyed by customer id like the changes: co-partitioned, so each
    // meets its customer's golden record in the same task. Read as bytes: CustomerGolden decodes
    // them and refuses an unreadable one instead of stopping.
    topology.addSource(
        TopologyNames.CONFLICT_RESOLUTIONS_SOURCE,
        new StringDeserializer(),
        rawBytes,
        Topics.CONFLICT_RESOLUTIONS);
    goldenParents.add(TopologyNames.CONFLICT_RESOLUTIONS_SOURCE);
    // Operators' resync requests, keyed by customer key: co-partitioned the same way.
    topology.addSource(
        TopologyNames.CUSTOMER_RESYNC_REQUESTS_SOURCE,
        new StringDeserializer(),
        rawBytes,
        Topics.RESYNC_REQUESTS_CUSTOMERS);
    goldenParents.add(TopologyNames.CUSTOMER_RESYNC_REQUESTS_SOURCE);
    topology.addProcessor(
        TopologyNames.CUSTOMER_GOLDEN,
        () -> new CustomerGolden(settings, metrics),
        goldenParents.toArray(String[]::new));
    topology.addStateStore(
        store(
            TopologyNames.CUSTOMER_OPEN_CONFLICTS_STORE, new InternalSerde<>(OpenConflicts.class)),
        TopologyNames.CUSTOMER_GOLDEN);
    topology.addStateStore(
        store(TopologyNames.CUSTOMER_GOLDEN_STORE, new InternalSerde<>(GoldenCustomer.class)),
        TopologyNames.CUSTOMER_GOLDEN);
    if (settings.customerEmitInterval() != null) {
      topology.addStateStore(
          store(TopologyNames.CUSTOMER_PENDING_STORE, new InternalSerde<>(PendingCustomer.class)),
          TopologyNames.CUSTOMER_GOLDEN);
    }
    topology.addSink(
        TopologyNames.CONFLICTS_SINK,
        Topics.CONFLICTS,
        keys,
        new JsonSerde<>(CustomerConflict.class).serializer(),
        TopologyNames.CUSTOMER_GOLDEN);

    List<String> orderDeadLetterParents = new ArrayList<>();
    List<String> orderAuditParents = new ArrayList<>();
    Map<OrderNodes, RawTopics> orderSources = new LinkedHashMap<>();
    orderSources.put(OrderNodes.first(settings.sourceSystem()).routed(routing), rawTopics);
    for (EmitSettings.CrmSource crm : settings.extraCrmSources()) {
      orderSources.put(new OrderNodes(crm.name(), crm.name(), routing), crm.topics());
    }
    // The ERP's order table: its changes of order fields go to the order's own assembler, through
    // the same re-keyed parts topic as the CRM's rows, so they meet the order in one task.
    EmitSettings.ErpOrderSource erpOrders = settings.erpOrders();
    String erpOrderGate = null;
    if (erpOrders != null) {
      erpOrderGate = TopologyNames.ERP_ORDER_GATE;
      Map<String, OrderNodes> bySystem = new LinkedHashMap<>();
      orderSources.keySet().forEach(nodes -> bySystem.put(nodes.sourceSystem(), nodes));
      topology.addSource(TopologyNames.ERP_ORDERS_SOURCE, rawBytes, rawBytes, erpOrders.topic());
      topology.addProcessor(
          erpOrderGate,
          () ->
              new ErpOrderGate(
                  erpOrders, bySystem, TopologyNames.ERP_ORDER_POSITIONS_STORE, metrics),
          TopologyNames.ERP_ORDERS_SOURCE);
      topology.addStateStore(positionsStore(TopologyNames.ERP_ORDER_POSITIONS_STORE), erpOrderGate);
      orderDeadLetterParents.add(erpOrderGate);
      orderAuditParents.add(erpOrderGate);
    }
    for (Map.Entry<OrderNodes, RawTopics> source : orderSources.entrySet()) {
      addOrders(
          topology,
          source.getKey(),
          source.getValue(),
          settings,
          registry,
          metrics,
          erpOrderGate,
          orderDeadLetterParents,
          orderAuditParents);
    }
    topology.addSink(
        TopologyNames.CANONICAL_CUSTOMERS_SINK,
        Topics.CANONICAL_CUSTOMERS,
        keys,
        AvroWireSerde.forValues(registry, Customer.class).serializer(),
        TopologyNames.CUSTOMER_GOLDEN);
    topology.addSink(
        TopologyNames.CUSTOMER_COMMANDS_SINK,
        Topics.ERP_COMMANDS_CUSTOMERS,
        keys,
        AvroWireSerde.forValues(registry, ErpCommand.class).serializer(),
        TopologyNames.CUSTOMER_GOLDEN);
    List<String> statusProcessors =
        addErpStatus(topology, erpStatus, settings.sourceSystem(), registry, metrics);
    List<String> deadLetterParents = new ArrayList<>(customerGates);
    deadLetterParents.add(TopologyNames.CUSTOMER_GOLDEN);
    deadLetterParents.addAll(statusProcessors);
    deadLetterParents.addAll(orderDeadLetterParents);
    topology.addSink(
        TopologyNames.DEAD_LETTER_SINK,
        Topics.DEAD_LETTER,
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        deadLetterParents.toArray(String[]::new));
    List<String> auditParents = new ArrayList<>(customerGates);
    auditParents.add(TopologyNames.CUSTOMER_GOLDEN);
    auditParents.addAll(orderAuditParents);
    topology.addSink(
        TopologyNames.AUDIT_SINK,
        Topics.AUDIT,
        keys,
        AvroWireSerde.forValues(registry, AuditEvent.class).serializer(),
        auditParents.toArray(String[]::new));
    return topology;
  }

  /**
   * One CRM database's order sub-topology, named by {@code nodes}: gates of headers and lines,
   * transaction assembly, order assembly, and its sinks to the canonical and command topics. Adds
   * its processors that dead-letter and audit to the two lists.
   */
  private static void addOrders(
      Topology topology,
      OrderNodes nodes,
      RawTopics rawTopics,
      EmitSettings settings,
      SchemaRegistryClient registry,
      SyncMetrics metrics,
      String erpOrderGate,
      List<String> deadLetterParents,
      List<String> auditParents) {
    StringSerializer keys = new StringSerializer();
    ByteArrayDeserializer rawBytes = new ByteArrayDeserializer();
    InternalSerde<OrderPartBatch> orderBatches = new InternalSerde<>(OrderPartBatch.class);
    InternalSerde<OrderTransactionItem> transactionItems =
        new InternalSerde<>(OrderTransactionItem.class);
    topology.addSource(nodes.ordersSource(), rawBytes, rawBytes, rawTopics.orders());
    topology.addProcessor(
        nodes.headerGate(),
        () -> OrderGate.headers(nodes, metrics, new Auditor(settings.sourceSystem())),
        nodes.ordersSource());
    topology.addStateStore(positionsStore(nodes.positionsStore()), nodes.headerGate());

    topology.addSource(nodes.linesSource(), rawBytes, rawBytes, rawTopics.orderLines());
    topology.addProcessor(
        nodes.lineGate(),
        () -> OrderGate.lines(nodes, metrics, new Auditor(settings.sourceSystem())),
        nodes.linesSource());
    topology.addStateStore(positionsStore(nodes.linePositionsStore()), nodes.lineGate());

    topology.addSource(nodes.rawTransactionsSource(), rawBytes, rawBytes, rawTopics.transactions());
    topology.addProcessor(
        nodes.markers(),
        () ->
            new OrderTransactionMarkers(
                rawTopics.ordersCollection(), rawTopics.orderLinesCollection(), metrics, nodes),
        nodes.rawTransactionsSource());

    boolean inTask = nodes.routing() == Routing.IN_TASK;
    String[] itemProducers = {nodes.headerGate(), nodes.lineGate(), nodes.markers()};
    // In task, items go straight to the assembler; the internal topic is still read, so that
    // what an earlier run routed through Kafka and left there is assembled too.
    List<String> assemblerParents = new ArrayList<>();
    if (inTask) {
      assemblerParents.addAll(List.of(itemProducers));
    } else {
      topology.addSink(
          nodes.transactionsSink(),
          nodes.transactionsTopic(),
          keys,
          transactionItems.serializer(),
          itemProducers);
    }
    topology.addSource(
        nodes.transactionItemsSource(),
        new StringDeserializer(),
        transactionItems.deserializer(),
        nodes.transactionsTopic());
    assemblerParents.add(nodes.transactionItemsSource());
    topology.addProcessor(
        nodes.transactionAssembler(),
        () ->
            new OrderTransactionAssembler(
                rawTopics.ordersCollection(),
                rawTopics.orderLinesCollection(),
                settings.transactionTimeout(),
                metrics,
                new Auditor(settings.sourceSystem()),
                nodes),
        assemblerParents.toArray(String[]::new));
    topology.addStateStore(
        store(nodes.transactionsStore(), new InternalSerde<>(OrderTransaction.class)),
        nodes.transactionAssembler());
    topology.addSink(
        nodes.incompleteSink(),
        Topics.INCOMPLETE_TRANSACTIONS,
        keys,
        new JsonSerde<>(OrderTransaction.class).serializer(),
        nodes.transactionAssembler());

    List<String> partsParents =
        new ArrayList<>(
            List.of(nodes.headerGate(), nodes.lineGate(), nodes.transactionAssembler()));
    if (erpOrderGate != null) {
      partsParents.add(erpOrderGate);
    }
    if (!inTask) {
      topology.addSink(
          nodes.partsSink(),
          nodes.partsTopic(),
          keys,
          orderBatches.serializer(),
          partsParents.toArray(String[]::new));
      partsParents.clear();
    }
    // Read in task too: what an earlier run routed through Kafka and left there.
    topology.addSource(
        nodes.partsSource(),
        new StringDeserializer(),
        orderBatches.deserializer(),
        nodes.partsTopic());
    partsParents.add(nodes.partsSource());
    // Operators' resync requests, keyed by order id like the parts: co-partitioned with them.
    topology.addSource(
        nodes.resyncRequestsSource(),
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        nodes.resyncRequestsTopic());
    partsParents.add(nodes.resyncRequestsSource());
    topology.addProcessor(
        nodes.assembler(),
        () -> new OrderAssembler(settings, metrics, nodes),
        partsParents.toArray(String[]::new));
    topology.addStateStore(
        store(nodes.aggregatesStore(), new InternalSerde<>(OrderAggregate.class)),
        nodes.assembler());

    topology.addSink(
        nodes.canonicalSink(),
        Topics.CANONICAL_ORDERS,
        keys,
        AvroWireSerde.forValues(registry, Order.class).serializer(),
        nodes.assembler());
    topology.addSink(
        nodes.commandsSink(),
        Topics.ERP_COMMANDS_ORDERS,
        keys,
        AvroWireSerde.forValues(registry, ErpCommand.class).serializer(),
        nodes.assembler());
    deadLetterParents.addAll(
        List.of(nodes.headerGate(), nodes.lineGate(), nodes.markers(), nodes.assembler()));
    auditParents.addAll(
        List.of(
            nodes.headerGate(), nodes.lineGate(), nodes.transactionAssembler(), nodes.assembler()));
  }

  /**
   * One processor per captured interface table, each with its store of last reports, into the
   * status topic; returns the processors (they dead-letter too). Nothing without a table.
   */
  private static List<String> addErpStatus(
      Topology topology,
      ErpStatusSources erpStatus,
      String sourceSystem,
      SchemaRegistryClient registry,
      SyncMetrics metrics) {
    List<String> processors = new ArrayList<>();
    ByteArrayDeserializer rawBytes = new ByteArrayDeserializer();
    InternalSerde<LastReport> reports = new InternalSerde<>(LastReport.class);
    erpStatus
        .topics()
        .forEach(
            (entity, topic) -> {
              topology.addSource(entity.sourceNode(), rawBytes, rawBytes, topic);
              topology.addProcessor(
                  entity.processorNode(),
                  () -> new ImportStatusProcessor(entity, metrics, sourceSystem),
                  entity.sourceNode());
              topology.addStateStore(store(entity.store(), reports), entity.processorNode());
              processors.add(entity.processorNode());
            });
    if (!processors.isEmpty()) {
      topology.addSink(
          TopologyNames.ERP_STATUS_SINK,
          Topics.ERP_STATUS,
          new StringSerializer(),
          AvroWireSerde.forValues(registry, ErpImportStatus.class).serializer(),
          processors.toArray(String[]::new));
    }
    return processors;
  }

  private static org.apache.kafka.streams.state.StoreBuilder<
          org.apache.kafka.streams.state.KeyValueStore<String, KeyState>>
      positionsStore(String name) {
    return store(name, KeyState.serde());
  }

  /**
   * Values each store keeps as objects in front of it ({@link ObjectCachingKeyValueStore}), per
   * task: enough for the keys a busy commit interval touches, a few MiB per store.
   */
  static final int OBJECTS_PER_STORE = 4096;

  /**
   * A persistent RocksDB store keyed by string, with the values last read or written kept as
   * objects in front of it: a key read again soon is not deserialized, and repeated writes of one
   * key between two commits (a transaction's items, a customer edited twice) are serialized once
   * and reach RocksDB and the changelog once, at the commit. Kafka Streams' own record cache is off
   * for these stores: behind the object layer it only repeated that work on bytes (sorted-map
   * lookups on every miss and every write-down, 5% of the stream thread in a profile; decision 9).
   */
  private static <V>
      org.apache.kafka.streams.state.StoreBuilder<
              org.apache.kafka.streams.state.KeyValueStore<String, V>>
          store(String name, org.apache.kafka.common.serialization.Serde<V> values) {
    return ObjectCachingKeyValueStore.wrap(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
            .withCachingDisabled(),
        OBJECTS_PER_STORE);
  }

  /** A topology whose every processor asks for commits at a {@link CommitPacing}. */
  private static final class PacedTopology extends Topology {
    private final CommitPacing pacing;

    PacedTopology(CommitPacing pacing) {
      this.pacing = pacing;
    }

    @Override
    public synchronized <KIn, VIn, KOut, VOut> Topology addProcessor(
        String name, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier, String... parentNames) {
      return super.addProcessor(name, pacing.pace(supplier), parentNames);
    }
  }
}
