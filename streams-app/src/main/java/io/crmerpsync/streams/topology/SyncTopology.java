package io.crmerpsync.streams.topology;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import io.crmerpsync.streams.customer.CustomerProcessor;
import io.crmerpsync.streams.dedup.KeyState;
import io.crmerpsync.streams.metrics.SyncMetrics;
import io.crmerpsync.streams.order.OrderAggregate;
import io.crmerpsync.streams.order.OrderAssembler;
import io.crmerpsync.streams.order.OrderHeaderGate;
import io.crmerpsync.streams.order.OrderLineGate;
import io.crmerpsync.streams.order.OrderPart;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the sync topology. Side-effect free: it only describes the graph, so tests build the same
 * topology that production runs.
 *
 * <pre>
 * raw customers   -> customer-gate-and-emit -> canonical.customers.v1, erp.commands.customers.v1
 * raw orders      -> order-header-gate --\
 * raw order_lines -> order-line-gate ----+-> sync.internal.order-parts-by-order.v1
 *                                              -> order-assembler -> canonical.orders.v1,
 *                                                                    erp.commands.orders.v1
 * every gate      -> sync.dlq.v1 (records it cannot decode or map, with the reason)
 * </pre>
 */
public final class SyncTopology {
  private SyncTopology() {}

  /** The topology for {@code rawTopics}, emitting as {@code settings} say. */
  public static Topology build(
      RawTopics rawTopics,
      EmitSettings settings,
      SchemaRegistryClient registry,
      SyncMetrics metrics) {
    StringSerializer keys = new StringSerializer();
    ByteArrayDeserializer rawBytes = new ByteArrayDeserializer();
    JsonSerde<OrderPart> orderParts = new JsonSerde<>(OrderPart.class);
    Topology topology = new Topology();

    topology.addSource(TopologyNames.CUSTOMERS_SOURCE, rawBytes, rawBytes, rawTopics.customers());
    topology.addProcessor(
        TopologyNames.CUSTOMER_PROCESSOR,
        () -> new CustomerProcessor(settings, metrics),
        TopologyNames.CUSTOMERS_SOURCE);
    topology.addStateStore(
        positionsStore(TopologyNames.CUSTOMER_POSITIONS_STORE), TopologyNames.CUSTOMER_PROCESSOR);

    topology.addSource(TopologyNames.ORDERS_SOURCE, rawBytes, rawBytes, rawTopics.orders());
    topology.addProcessor(
        TopologyNames.ORDER_HEADER_GATE,
        () -> new OrderHeaderGate(metrics),
        TopologyNames.ORDERS_SOURCE);
    topology.addStateStore(
        positionsStore(TopologyNames.ORDER_POSITIONS_STORE), TopologyNames.ORDER_HEADER_GATE);

    topology.addSource(
        TopologyNames.ORDER_LINES_SOURCE, rawBytes, rawBytes, rawTopics.orderLines());
    topology.addProcessor(
        TopologyNames.ORDER_LINE_GATE,
        () -> new OrderLineGate(metrics),
        TopologyNames.ORDER_LINES_SOURCE);
    topology.addStateStore(
        positionsStore(TopologyNames.ORDER_LINE_POSITIONS_STORE), TopologyNames.ORDER_LINE_GATE);

    topology.addSink(
        TopologyNames.ORDER_PARTS_SINK,
        TopologyNames.ORDER_PARTS_BY_ORDER_TOPIC,
        keys,
        orderParts.serializer(),
        TopologyNames.ORDER_HEADER_GATE,
        TopologyNames.ORDER_LINE_GATE);
    topology.addSource(
        TopologyNames.ORDER_PARTS_SOURCE,
        new StringDeserializer(),
        orderParts.deserializer(),
        TopologyNames.ORDER_PARTS_BY_ORDER_TOPIC);
    topology.addProcessor(
        TopologyNames.ORDER_ASSEMBLER,
        () -> new OrderAssembler(settings, metrics),
        TopologyNames.ORDER_PARTS_SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TopologyNames.ORDER_AGGREGATES_STORE),
            Serdes.String(),
            new JsonSerde<>(OrderAggregate.class)),
        TopologyNames.ORDER_ASSEMBLER);

    topology.addSink(
        TopologyNames.CANONICAL_CUSTOMERS_SINK,
        Topics.CANONICAL_CUSTOMERS,
        keys,
        AvroWireSerde.forValues(registry, Customer.class).serializer(),
        TopologyNames.CUSTOMER_PROCESSOR);
    topology.addSink(
        TopologyNames.CUSTOMER_COMMANDS_SINK,
        Topics.ERP_COMMANDS_CUSTOMERS,
        keys,
        AvroWireSerde.forValues(registry, ErpCommand.class).serializer(),
        TopologyNames.CUSTOMER_PROCESSOR);
    topology.addSink(
        TopologyNames.CANONICAL_ORDERS_SINK,
        Topics.CANONICAL_ORDERS,
        keys,
        AvroWireSerde.forValues(registry, Order.class).serializer(),
        TopologyNames.ORDER_ASSEMBLER);
    topology.addSink(
        TopologyNames.ORDER_COMMANDS_SINK,
        Topics.ERP_COMMANDS_ORDERS,
        keys,
        AvroWireSerde.forValues(registry, ErpCommand.class).serializer(),
        TopologyNames.ORDER_ASSEMBLER);
    topology.addSink(
        TopologyNames.DEAD_LETTER_SINK,
        Topics.DEAD_LETTER,
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        TopologyNames.CUSTOMER_PROCESSOR,
        TopologyNames.ORDER_HEADER_GATE,
        TopologyNames.ORDER_LINE_GATE,
        TopologyNames.ORDER_ASSEMBLER);
    return topology;
  }

  private static org.apache.kafka.streams.state.StoreBuilder<
          org.apache.kafka.streams.state.KeyValueStore<String, KeyState>>
      positionsStore(String name) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), KeyState.serde());
  }
}
