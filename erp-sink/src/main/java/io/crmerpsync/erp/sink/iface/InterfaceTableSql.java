package io.crmerpsync.erp.sink.iface;

import io.crmerpsync.schemas.erp.ErpCommand;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements the sink runs against the interface tables of one schema, in one dialect. Column
 * names match {@code postgres-interface-tables.sql} and {@code mariadb-interface-tables.sql};
 * payload columns map the ErpCustomer / ErpOrder fields.
 */
final class InterfaceTableSql {
  /**
   * The customer column naming every CRM row merged into the customer ({@code crm:1,crm-us:7}): the
   * references by which each CRM's orders name it.
   */
  static final String SOURCE_REFS = "source_refs";

  private static final List<PayloadColumn<ErpCommand>> CUSTOMER_COLUMNS =
      List.of(
          new PayloadColumn<>("first_name", Types.VARCHAR, c -> c.getCustomer().getFirstName()),
          new PayloadColumn<>("last_name", Types.VARCHAR, c -> c.getCustomer().getLastName()),
          new PayloadColumn<>("company_name", Types.VARCHAR, c -> c.getCustomer().getCompanyName()),
          new PayloadColumn<>("email", Types.VARCHAR, c -> c.getCustomer().getEmail()),
          new PayloadColumn<>("phone", Types.VARCHAR, c -> c.getCustomer().getPhone()),
          new PayloadColumn<>("tax_id", Types.VARCHAR, c -> c.getCustomer().getTaxId()),
          new PayloadColumn<>("street", Types.VARCHAR, c -> c.getCustomer().getStreet()),
          new PayloadColumn<>("city", Types.VARCHAR, c -> c.getCustomer().getCity()),
          new PayloadColumn<>("postal_code", Types.VARCHAR, c -> c.getCustomer().getPostalCode()),
          new PayloadColumn<>("country_code", Types.VARCHAR, c -> c.getCustomer().getCountryCode()),
          new PayloadColumn<>("credit_limit", Types.NUMERIC, c -> c.getCustomer().getCreditLimit()),
          new PayloadColumn<>(
              "payment_terms_days", Types.INTEGER, c -> c.getCustomer().getPaymentTermsDays()),
          new PayloadColumn<>("status", Types.VARCHAR, c -> c.getCustomer().getStatus()),
          new PayloadColumn<>(SOURCE_REFS, Types.VARCHAR, c -> c.getCustomer().getSourceRefs()),
          new PayloadColumn<>(
              VersionedUpsert.OMITTED_COLUMNS, Types.VARCHAR, InterfaceTableSql::omitted));

  /** The ERP-owned columns a command leaves out, comma-separated, or null if none. */
  private static String omitted(ErpCommand command) {
    List<String> omitted = command.getOmittedColumns();
    return omitted.isEmpty() ? null : String.join(",", omitted);
  }

  /** The command as the customer payload rows read it, or null when it carries no customer. */
  static ErpCommand customerBody(ErpCommand command) {
    return command.getCustomer() == null ? null : command;
  }

  private static final List<PayloadColumn<ErpCommand>> ORDER_COLUMNS =
      List.of(
          new PayloadColumn<>("order_number", Types.VARCHAR, c -> c.getOrder().getOrderNumber()),
          new PayloadColumn<>("customer_ref", Types.VARCHAR, c -> c.getOrder().getCustomerRef()),
          new PayloadColumn<>("status", Types.VARCHAR, c -> c.getOrder().getStatus()),
          new PayloadColumn<>("currency", Types.VARCHAR, c -> c.getOrder().getCurrency()),
          new PayloadColumn<>("total_amount", Types.NUMERIC, c -> c.getOrder().getTotalAmount()),
          new PayloadColumn<>(
              "ordered_at", Types.TIMESTAMP_WITH_TIMEZONE, c -> c.getOrder().getOrderedAt()),
          new PayloadColumn<>(
              "shipping_street", Types.VARCHAR, c -> c.getOrder().getShippingStreet()),
          new PayloadColumn<>("shipping_city", Types.VARCHAR, c -> c.getOrder().getShippingCity()),
          new PayloadColumn<>(
              "shipping_postal_code", Types.VARCHAR, c -> c.getOrder().getShippingPostalCode()),
          new PayloadColumn<>(
              "shipping_country_code", Types.VARCHAR, c -> c.getOrder().getShippingCountryCode()),
          new PayloadColumn<>("line_count", Types.INTEGER, c -> c.getOrder().getLines().size()),
          new PayloadColumn<>(
              VersionedUpsert.OMITTED_COLUMNS, Types.VARCHAR, InterfaceTableSql::omitted));

  /** The command as the order payload rows read it, or null when it carries no order. */
  static ErpCommand orderBody(ErpCommand command) {
    return command.getOrder() == null ? null : command;
  }

  private static final List<String> LINE_COLUMNS =
      List.of(
          "source_system",
          "order_source_ref",
          "line_no",
          "sku",
          "description",
          "quantity",
          "unit_price",
          "source_version",
          "created_at");

  /** Parameters per line row: every line column but created_at. */
  static final int LINE_PARAMETERS = LINE_COLUMNS.size() - 1;

  /** PostgreSQL array element type of each line parameter, in {@link #LINE_COLUMNS} order. */
  static final List<String> LINE_ARRAY_TYPES =
      List.of("text", "text", "int4", "text", "text", "numeric", "numeric", "int8");

  final VersionedUpsert<ErpCommand> customerUpsert;
  final VersionedUpsert<ErpCommand> orderUpsert;
  final MultiRowUpsert<ErpCommand> customerRows;
  final MultiRowUpsert<ErpCommand> orderRows;
  final String deleteOrderLines;
  final String insertOrderLine;
  final String insertOrderLinesFromArrays;
  private final Dialect dialect;
  private final String lines;
  private final String lineRow;

  InterfaceTableSql(Dialect dialect, String schema) {
    this.customerUpsert =
        new VersionedUpsert<>(dialect, schema, "customer_iface", CUSTOMER_COLUMNS);
    this.orderUpsert = new VersionedUpsert<>(dialect, schema, "order_iface", ORDER_COLUMNS);
    this.customerRows =
        new MultiRowUpsert<>(
            dialect, schema, "customer_iface", CUSTOMER_COLUMNS, InterfaceTableSql::customerBody);
    this.orderRows =
        new MultiRowUpsert<>(
            dialect, schema, "order_iface", ORDER_COLUMNS, InterfaceTableSql::orderBody);
    this.dialect = dialect;
    this.lines = dialect.qualified(schema, "order_line_iface");
    this.lineRow = "(" + "?, ".repeat(LINE_PARAMETERS) + dialect.now() + ")";
    this.deleteOrderLines =
        "DELETE FROM "
            + lines
            + " WHERE "
            + dialect.quote("source_system")
            + " = ? AND "
            + dialect.quote("order_source_ref")
            + " = ?";
    this.insertOrderLine = insertOrderLines(1);
    this.insertOrderLinesFromArrays =
        "INSERT INTO "
            + lines
            + " ("
            + LINE_COLUMNS.stream().map(dialect::quote).collect(Collectors.joining(", "))
            + ") SELECT "
            + LINE_ARRAY_TYPES.stream()
                .map(t -> "unnest(?::" + t + "[])")
                .collect(Collectors.joining(", "))
            + ", "
            + dialect.now();
  }

  /** Deletes the lines of {@code orders} orders, each bound as source system and reference. */
  String deleteLinesOfOrders(int orders) {
    return "DELETE FROM "
        + lines
        + " WHERE ("
        + dialect.quote("source_system")
        + ", "
        + dialect.quote("order_source_ref")
        + ") IN ("
        + String.join(", ", Collections.nCopies(orders, "(?, ?)"))
        + ")";
  }

  /** Inserts {@code count} lines, each bound as {@link #LINE_PARAMETERS} parameters. */
  String insertOrderLines(int count) {
    return "INSERT INTO "
        + lines
        + " ("
        + LINE_COLUMNS.stream().map(dialect::quote).collect(Collectors.joining(", "))
        + ") VALUES "
        + String.join(", ", Collections.nCopies(count, lineRow));
  }
}
