package io.crmerpsync.erp.sink;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpCustomer;
import io.crmerpsync.schemas.erp.ErpOrder;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/** Builds ErpCommands and the SinkRecords Connect would hand the task for them. */
final class Commands {
  static final String SOURCE = "crm";
  static final Instant COMMIT_TIME = Instant.parse("2026-03-01T10:15:30.123Z");

  private final AvroWireSerde<ErpCommand> serde;
  private final AtomicLong offset = new AtomicLong();

  Commands(SchemaRegistryClient registry) {
    this.serde = AvroWireSerde.forValues(registry, ErpCommand.class);
  }

  static ErpCustomer customer(String lastName, String countryCode) {
    return ErpCustomer.newBuilder()
        .setFirstName("Ada")
        .setLastName(lastName)
        .setCompanyName("Analytical Engines Ltd")
        .setEmail(lastName.toLowerCase() + "@example.com")
        .setPhone(null)
        .setTaxId("DE123456789")
        .setStreet("Main Street 1")
        .setCity("Berlin")
        .setPostalCode("10115")
        .setCountryCode(countryCode)
        .setCreditLimit(new BigDecimal("5000.00"))
        .setPaymentTermsDays(30)
        .setStatus("ACTIVE")
        .build();
  }

  static ErpCommand customerCommand(String ref, long version, ErpAction action, ErpCustomer body) {
    return ErpCommand.newBuilder()
        .setEntity("customer")
        .setSourceSystem(SOURCE)
        .setSourceRef(ref)
        .setAction(action)
        .setVersion(version)
        .setIdempotencyKey(SOURCE + ":" + ref + ":" + version)
        .setSourcePosition("0-1-" + version)
        .setCommitTime(COMMIT_TIME)
        .setCustomer(body)
        .setOrder(null)
        .build();
  }

  static ErpCommand upsertCustomer(String ref, long version, String lastName) {
    return customerCommand(ref, version, ErpAction.UPSERT, customer(lastName, "DE"));
  }

  static ErpOrderLine line(int lineNo, String sku, String quantity, String unitPrice) {
    return ErpOrderLine.newBuilder()
        .setLineNo(lineNo)
        .setSku(sku)
        .setDescription("item " + sku)
        .setQuantity(new BigDecimal(quantity))
        .setUnitPrice(new BigDecimal(unitPrice))
        .build();
  }

  /** An order with {@code lineCount} lines numbered 1..n, SKUs prefixed with {@code skuPrefix}. */
  static ErpCommand upsertOrder(String ref, long version, int lineCount, String skuPrefix) {
    List<ErpOrderLine> lines = new ArrayList<>();
    for (int i = 1; i <= lineCount; i++) {
      lines.add(line(i, skuPrefix + "-" + i, "1.500", "10.00"));
    }
    return orderCommand(ref, version, ErpAction.UPSERT, order(ref, "DE", lines));
  }

  static ErpOrder order(String ref, String shippingCountry, List<ErpOrderLine> lines) {
    return ErpOrder.newBuilder()
        .setOrderNumber("SO-" + ref)
        .setCustomerRef("C-1")
        .setStatus("CONFIRMED")
        .setCurrency("EUR")
        .setTotalAmount(new BigDecimal("123.45"))
        .setOrderedAt(Instant.parse("2026-02-28T09:00:00Z"))
        .setShippingStreet("Dock 4")
        .setShippingCity("Hamburg")
        .setShippingPostalCode("20457")
        .setShippingCountryCode(shippingCountry)
        .setLines(lines)
        .build();
  }

  static ErpCommand orderCommand(String ref, long version, ErpAction action, ErpOrder body) {
    return ErpCommand.newBuilder()
        .setEntity("order")
        .setSourceSystem(SOURCE)
        .setSourceRef(ref)
        .setAction(action)
        .setVersion(version)
        .setIdempotencyKey(SOURCE + ":" + ref + ":" + version)
        .setSourcePosition("0-1-" + version)
        .setCommitTime(COMMIT_TIME)
        .setCustomer(null)
        .setOrder(body)
        .build();
  }

  /** The record Connect delivers for {@code command} with StringConverter / ByteArrayConverter. */
  SinkRecord record(ErpCommand command) {
    String topic =
        "order".equals(command.getEntity())
            ? Topics.ERP_COMMANDS_ORDERS
            : Topics.ERP_COMMANDS_CUSTOMERS;
    return rawRecord(topic, command.getSourceRef(), serde.serialize(topic, command));
  }

  SinkRecord rawRecord(String topic, String key, byte[] value) {
    return new SinkRecord(
        topic,
        0,
        Schema.STRING_SCHEMA,
        key,
        Schema.OPTIONAL_BYTES_SCHEMA,
        value,
        offset.getAndIncrement());
  }

  List<SinkRecord> records(ErpCommand... commands) {
    List<SinkRecord> records = new ArrayList<>();
    for (ErpCommand command : commands) {
      records.add(record(command));
    }
    return records;
  }
}
