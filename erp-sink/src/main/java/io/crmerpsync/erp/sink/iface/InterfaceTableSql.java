package io.crmerpsync.erp.sink.iface;

import io.crmerpsync.schemas.erp.ErpCustomer;
import io.crmerpsync.schemas.erp.ErpOrder;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The statements the sink runs against the interface tables of one schema, in one dialect. Column
 * names match {@code postgres-interface-tables.sql} and {@code mariadb-interface-tables.sql};
 * payload columns map the ErpCustomer / ErpOrder fields.
 */
final class InterfaceTableSql {

  private static final List<PayloadColumn<ErpCustomer>> CUSTOMER_COLUMNS =
      List.of(
          new PayloadColumn<>("first_name", Types.VARCHAR, ErpCustomer::getFirstName),
          new PayloadColumn<>("last_name", Types.VARCHAR, ErpCustomer::getLastName),
          new PayloadColumn<>("company_name", Types.VARCHAR, ErpCustomer::getCompanyName),
          new PayloadColumn<>("email", Types.VARCHAR, ErpCustomer::getEmail),
          new PayloadColumn<>("phone", Types.VARCHAR, ErpCustomer::getPhone),
          new PayloadColumn<>("tax_id", Types.VARCHAR, ErpCustomer::getTaxId),
          new PayloadColumn<>("street", Types.VARCHAR, ErpCustomer::getStreet),
          new PayloadColumn<>("city", Types.VARCHAR, ErpCustomer::getCity),
          new PayloadColumn<>("postal_code", Types.VARCHAR, ErpCustomer::getPostalCode),
          new PayloadColumn<>("country_code", Types.VARCHAR, ErpCustomer::getCountryCode),
          new PayloadColumn<>("credit_limit", Types.NUMERIC, ErpCustomer::getCreditLimit),
          new PayloadColumn<>(
              "payment_terms_days", Types.INTEGER, ErpCustomer::getPaymentTermsDays),
          new PayloadColumn<>("status", Types.VARCHAR, ErpCustomer::getStatus));

  private static final List<PayloadColumn<ErpOrder>> ORDER_COLUMNS =
      List.of(
          new PayloadColumn<>("order_number", Types.VARCHAR, ErpOrder::getOrderNumber),
          new PayloadColumn<>("customer_ref", Types.VARCHAR, ErpOrder::getCustomerRef),
          new PayloadColumn<>("status", Types.VARCHAR, ErpOrder::getStatus),
          new PayloadColumn<>("currency", Types.VARCHAR, ErpOrder::getCurrency),
          new PayloadColumn<>("total_amount", Types.NUMERIC, ErpOrder::getTotalAmount),
          new PayloadColumn<>(
              "ordered_at", Types.TIMESTAMP_WITH_TIMEZONE, order -> order.getOrderedAt()),
          new PayloadColumn<>("shipping_street", Types.VARCHAR, ErpOrder::getShippingStreet),
          new PayloadColumn<>("shipping_city", Types.VARCHAR, ErpOrder::getShippingCity),
          new PayloadColumn<>(
              "shipping_postal_code", Types.VARCHAR, ErpOrder::getShippingPostalCode),
          new PayloadColumn<>(
              "shipping_country_code", Types.VARCHAR, ErpOrder::getShippingCountryCode),
          new PayloadColumn<>("line_count", Types.INTEGER, order -> order.getLines().size()));

  final VersionedUpsert<ErpCustomer> customerUpsert;
  final VersionedUpsert<ErpOrder> orderUpsert;
  final String deleteOrderLines;
  final String insertOrderLine;

  InterfaceTableSql(Dialect dialect, String schema) {
    this.customerUpsert =
        new VersionedUpsert<>(dialect, schema, "customer_iface", CUSTOMER_COLUMNS);
    this.orderUpsert = new VersionedUpsert<>(dialect, schema, "order_iface", ORDER_COLUMNS);
    String lines = dialect.qualified(schema, "order_line_iface");
    this.deleteOrderLines =
        "DELETE FROM "
            + lines
            + " WHERE "
            + dialect.quote("source_system")
            + " = ? AND "
            + dialect.quote("order_source_ref")
            + " = ?";
    this.insertOrderLine =
        "INSERT INTO "
            + lines
            + " ("
            + Stream.of(
                    "source_system",
                    "order_source_ref",
                    "line_no",
                    "sku",
                    "description",
                    "quantity",
                    "unit_price",
                    "source_version",
                    "created_at")
                .map(dialect::quote)
                .collect(Collectors.joining(", "))
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            + dialect.now()
            + ")";
  }
}
