package io.crmerpsync.streams.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.canonical.OrderLine;
import io.crmerpsync.schemas.canonical.OrderStatus;
import io.crmerpsync.schemas.canonical.SourceInfo;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpOrder;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import io.crmerpsync.streams.change.Rows;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Maps CRM {@code orders} and {@code order_lines} rows to the canonical order and ERP command. */
public final class OrderMapper {
  private OrderMapper() {}

  /**
   * The canonical order for an aggregate whose header is known; the policy fields show their golden
   * values (an ERP-owned status the ERP's).
   */
  public static Order toCanonical(OrderAggregate aggregate, String sourceSystem) {
    JsonNode header = aggregate.effectiveHeader();
    List<OrderLine> lines =
        aggregate.currentLines().values().stream()
            .map(OrderMapper::toLine)
            .sorted(Comparator.comparingInt(OrderLine::getLineNo))
            .toList();
    return Order.newBuilder()
        .setOrderId(Rows.longValue(header, "id"))
        .setOrderNumber(Rows.text(header, "order_number"))
        .setCustomerId(Rows.longValue(header, "customer_id"))
        .setStatus(status(Rows.text(header, "status")))
        .setCurrency(Rows.text(header, "currency"))
        .setTotalAmount(Rows.decimal(header, "total_amount", 2))
        .setOrderedAt(Rows.timestamp(header, "ordered_at"))
        .setShippingStreet(Rows.optionalText(header, "shipping_street"))
        .setShippingCity(Rows.optionalText(header, "shipping_city"))
        .setShippingPostalCode(Rows.optionalText(header, "shipping_postal_code"))
        .setShippingCountryCode(Rows.optionalText(header, "shipping_country_code"))
        .setLines(lines)
        .setCreatedAt(Rows.timestamp(header, "created_at"))
        .setUpdatedAt(Rows.timestamp(header, "updated_at"))
        .setSource(
            SourceInfo.newBuilder()
                .setSystem(sourceSystem)
                .setPosition(aggregate.position())
                .setCommitTime(Instant.ofEpochMilli(aggregate.commitTimeMs()))
                .setSnapshot(aggregate.snapshot())
                .build())
        .build();
  }

  /** Checks that a header row maps; throws the same failure {@link #toCanonical} would. */
  public static void validateHeader(JsonNode header) {
    Rows.longValue(header, "id");
    Rows.text(header, "order_number");
    Rows.longValue(header, "customer_id");
    Rows.text(header, "status");
    Rows.text(header, "currency");
    Rows.decimal(header, "total_amount", 2);
    Rows.timestamp(header, "ordered_at");
    Rows.timestamp(header, "created_at");
    Rows.timestamp(header, "updated_at");
  }

  /** Maps one line row; throws a decode failure naming the column when it does not map. */
  public static OrderLine toLine(JsonNode row) {
    return OrderLine.newBuilder()
        .setLineId(Rows.longValue(row, "id"))
        .setLineNo(Rows.intValue(row, "line_no"))
        .setSku(Rows.text(row, "sku"))
        .setDescription(Rows.optionalText(row, "description"))
        .setQuantity(Rows.decimal(row, "quantity", 3))
        .setUnitPrice(Rows.decimal(row, "unit_price", 2))
        .build();
  }

  /**
   * The ERP command for {@code order} at {@code version}. The {@code order_iface} columns in {@code
   * erpOwned} (the fields the mapping file gives the ERP) are left out: their payload fields are
   * null and the command lists them as omitted, so the sink leaves the ERP's values in place.
   */
  public static ErpCommand toCommand(
      Order order, ErpAction action, long version, String sourceSystem, Set<String> erpOwned) {
    String ref = Long.toString(order.getOrderId());
    ErpOrder payload =
        ErpOrder.newBuilder()
            .setOrderNumber(order.getOrderNumber())
            .setCustomerRef(Long.toString(order.getCustomerId()))
            .setStatus(erpOwned.contains("status") ? null : order.getStatus().name())
            .setCurrency(order.getCurrency())
            .setTotalAmount(order.getTotalAmount())
            .setOrderedAt(order.getOrderedAt())
            .setShippingStreet(
                erpOwned.contains("shipping_street") ? null : order.getShippingStreet())
            .setShippingCity(erpOwned.contains("shipping_city") ? null : order.getShippingCity())
            .setShippingPostalCode(
                erpOwned.contains("shipping_postal_code") ? null : order.getShippingPostalCode())
            .setShippingCountryCode(
                erpOwned.contains("shipping_country_code") ? null : order.getShippingCountryCode())
            .setLines(
                order.getLines().stream()
                    .map(
                        line ->
                            ErpOrderLine.newBuilder()
                                .setLineNo(line.getLineNo())
                                .setSku(line.getSku())
                                .setDescription(line.getDescription())
                                .setQuantity(line.getQuantity())
                                .setUnitPrice(line.getUnitPrice())
                                .build())
                    .toList())
            .build();
    return ErpCommand.newBuilder()
        .setEntity("order")
        .setSourceSystem(sourceSystem)
        .setSourceRef(ref)
        .setAction(action)
        .setVersion(version)
        .setIdempotencyKey(sourceSystem + ":order:" + ref + ":" + version)
        .setSourcePosition(order.getSource().getPosition())
        .setCommitTime(order.getSource().getCommitTime())
        .setOrder(payload)
        .setOmittedColumns(new java.util.TreeSet<>(erpOwned).stream().toList())
        .build();
  }

  private static OrderStatus status(String text) {
    try {
      return OrderStatus.valueOf(text);
    } catch (IllegalArgumentException e) {
      return OrderStatus.UNKNOWN;
    }
  }
}
