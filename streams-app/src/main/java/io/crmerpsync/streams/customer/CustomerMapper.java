package io.crmerpsync.streams.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.canonical.CustomerStatus;
import io.crmerpsync.schemas.canonical.SourceInfo;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpCustomer;
import io.crmerpsync.streams.change.RawChange;
import io.crmerpsync.streams.change.Rows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Maps a CRM {@code customers} row to the canonical customer and to the ERP command. */
public final class CustomerMapper {
  /** The payload's interface-table columns by field position, named once, not per command. */
  private static final List<String> PAYLOAD_COLUMNS =
      ErpCustomer.getClassSchema().getFields().stream()
          .map(field -> columnOf(field.name()))
          .toList();

  private CustomerMapper() {}

  /** The canonical customer for the row of {@code change}. */
  public static Customer toCanonical(RawChange change, String sourceSystem) {
    JsonNode row = change.row();
    return Customer.newBuilder()
        .setCustomerId(Rows.longValue(row, "id"))
        .setFirstName(Rows.text(row, "first_name"))
        .setLastName(Rows.text(row, "last_name"))
        .setCompanyName(Rows.optionalText(row, "company_name"))
        .setEmail(Rows.text(row, "email"))
        .setPhone(Rows.optionalText(row, "phone"))
        .setTaxId(Rows.optionalText(row, "tax_id"))
        .setStreet(Rows.optionalText(row, "street"))
        .setCity(Rows.optionalText(row, "city"))
        .setPostalCode(Rows.optionalText(row, "postal_code"))
        .setCountryCode(Rows.text(row, "country_code"))
        .setCreditLimit(Rows.decimal(row, "credit_limit", 2))
        .setPaymentTermsDays(Rows.intValue(row, "payment_terms_days"))
        .setStatus(status(Rows.text(row, "status")))
        .setCreatedAt(Rows.timestamp(row, "created_at"))
        .setUpdatedAt(Rows.timestamp(row, "updated_at"))
        .setSource(sourceInfo(change, sourceSystem))
        .build();
  }

  /** The ERP command for {@code customer} at {@code version}, carrying every field. */
  public static ErpCommand toCommand(
      Customer customer, ErpAction action, long version, String sourceSystem) {
    return toCommand(
        customer, Long.toString(customer.getCustomerId()), action, version, sourceSystem, Set.of());
  }

  /**
   * The ERP command for {@code customer} at {@code version} without the fields the ERP owns: their
   * payload fields are null and their interface columns are listed in {@code omittedColumns}, so
   * the sink and the ERP's importer leave them alone.
   *
   * @param ref the customer key, the command's source reference
   * @param erpOwnedColumns interface-table column names (the mapping file's field names), e.g.
   *     {@code credit_limit}
   */
  public static ErpCommand toCommand(
      Customer customer,
      String ref,
      ErpAction action,
      long version,
      String sourceSystem,
      Set<String> erpOwnedColumns) {
    ErpCustomer payload =
        ErpCustomer.newBuilder()
            .setFirstName(customer.getFirstName())
            .setLastName(customer.getLastName())
            .setCompanyName(customer.getCompanyName())
            .setEmail(customer.getEmail())
            .setPhone(customer.getPhone())
            .setTaxId(customer.getTaxId())
            .setStreet(customer.getStreet())
            .setCity(customer.getCity())
            .setPostalCode(customer.getPostalCode())
            .setCountryCode(customer.getCountryCode())
            .setCreditLimit(customer.getCreditLimit())
            .setPaymentTermsDays(customer.getPaymentTermsDays())
            .setStatus(customer.getStatus().name())
            .setSourceRefs(
                customer.getSourceRefs().isEmpty()
                    ? null
                    : String.join(",", customer.getSourceRefs()))
            .build();
    List<String> omitted = new ArrayList<>();
    if (!erpOwnedColumns.isEmpty()) {
      for (int pos = 0; pos < PAYLOAD_COLUMNS.size(); pos++) {
        String column = PAYLOAD_COLUMNS.get(pos);
        if (erpOwnedColumns.contains(column)) {
          payload.put(pos, null);
          omitted.add(column);
        }
      }
    }
    return ErpCommand.newBuilder()
        .setEntity("customer")
        .setSourceSystem(sourceSystem)
        .setSourceRef(ref)
        .setAction(action)
        .setVersion(version)
        .setIdempotencyKey(sourceSystem + ":customer:" + ref + ":" + version)
        .setSourcePosition(customer.getSource().getPosition())
        .setCommitTime(customer.getSource().getCommitTime())
        .setCustomer(payload)
        .setOmittedColumns(omitted)
        .build();
  }

  /** The interface-table column of an ErpCustomer field: {@code creditLimit} is credit_limit. */
  public static String columnOf(String payloadField) {
    StringBuilder column = new StringBuilder(payloadField.length() + 4);
    for (char c : payloadField.toCharArray()) {
      if (Character.isUpperCase(c)) {
        column.append('_').append(Character.toLowerCase(c));
      } else {
        column.append(c);
      }
    }
    return column.toString();
  }

  /** The interface-table columns of the customer payload, in schema order. */
  public static List<String> payloadColumns() {
    return PAYLOAD_COLUMNS;
  }

  static SourceInfo sourceInfo(RawChange change, String sourceSystem) {
    return SourceInfo.newBuilder()
        .setSystem(sourceSystem)
        .setPosition(change.position().format())
        .setCommitTime(Instant.ofEpochMilli(change.commitTimeMs()))
        .setSnapshot(change.position().snapshot())
        .build();
  }

  private static CustomerStatus status(String text) {
    try {
      return CustomerStatus.valueOf(text);
    } catch (IllegalArgumentException e) {
      return CustomerStatus.UNKNOWN;
    }
  }
}
