package io.crmerpsync.streams.topology;

import io.crmerpsync.schemas.erp.ErpAction;

/**
 * How the topology turns changes into ERP commands.
 *
 * @param sourceSystem logical name of the CRM source, written into every command
 * @param customerDeleteAction what a CRM customer delete becomes in the ERP
 * @param orderDeleteAction what a CRM order delete becomes in the ERP
 * @param transactionTimeout how long an incomplete source transaction is held before it is diverted
 *     to the incomplete-transactions topic
 * @param customerMatchColumn the CRM column whose value identifies a customer across CRM databases
 *     (its business key, e.g. {@code email}), or null: customers are identified by their CRM id
 * @param extraCrmSources further CRM databases: their customers join the golden records by {@code
 *     customerMatchColumn}, their orders go to the ERP under their own source system; empty with
 *     one CRM
 */
public record EmitSettings(
    String sourceSystem,
    ErpAction customerDeleteAction,
    ErpAction orderDeleteAction,
    java.time.Duration transactionTimeout,
    java.time.Duration customerEmitInterval,
    io.crmerpsync.streams.conflict.EntityRules customerRules,
    ErpCustomerSource erpCustomers,
    String customerMatchColumn,
    java.util.List<CrmSource> extraCrmSources) {

  /** The mapping file's name of the first CRM database as a source. */
  public static final String CRM_SOURCE = "crm";

  /**
   * Another CRM database as a source: its name in the mapping file (also the source system of its
   * orders) and its raw change topics, as its own cdc-source names them.
   */
  public record CrmSource(String name, RawTopics topics) {}

  /** Settings with one CRM database, customers identified by their CRM id. */
  public EmitSettings(
      String sourceSystem,
      ErpAction customerDeleteAction,
      ErpAction orderDeleteAction,
      java.time.Duration transactionTimeout,
      java.time.Duration customerEmitInterval,
      io.crmerpsync.streams.conflict.EntityRules customerRules,
      ErpCustomerSource erpCustomers) {
    this(
        sourceSystem,
        customerDeleteAction,
        orderDeleteAction,
        transactionTimeout,
        customerEmitInterval,
        customerRules,
        erpCustomers,
        null,
        java.util.List.of());
  }

  /** Whether {@code source} is a CRM database (the first or another), not the ERP. */
  public boolean isCrmSource(String source) {
    return !ERP_SOURCE.equals(source);
  }

  /**
   * The ERP's customer table as a source: its raw change topic and the column holding the CRM
   * customer id.
   */
  public record ErpCustomerSource(String topic, String table, String crmIdColumn) {}

  /** The ERP's name as a source in the mapping file ({@code owner: erp}). */
  public static final String ERP_SOURCE = "erp";

  /**
   * The customer interface-table columns that the ERP owns by the mapping file: ERP commands leave
   * them out.
   */
  public java.util.Set<String> erpOwnedCustomerColumns() {
    java.util.Set<String> owned = new java.util.TreeSet<>();
    for (String column : io.crmerpsync.streams.customer.CustomerMapper.payloadColumns()) {
      if (customerRules.policyOf(column)
              instanceof io.crmerpsync.streams.conflict.Policy.Owner owner
          && owner.source().equals(ERP_SOURCE)) {
        owned.add(column);
      }
    }
    return java.util.Collections.unmodifiableSet(owned);
  }

  /** Every customer field owned by the CRM: the behaviour with the CRM as the only writer. */
  public static io.crmerpsync.streams.conflict.EntityRules crmOwnsEverything() {
    return new io.crmerpsync.streams.conflict.EntityRules(
        "customer",
        java.util.Map.of(),
        new io.crmerpsync.streams.conflict.Policy.Owner(CRM_SOURCE),
        java.util.List.of(CRM_SOURCE, ERP_SOURCE));
  }

  public EmitSettings {
    extraCrmSources = java.util.List.copyOf(extraCrmSources);
    if (!extraCrmSources.isEmpty() && customerMatchColumn == null) {
      throw new IllegalArgumentException(
          "customers of several CRM databases need a business key to match them by");
    }
    if (customerDeleteAction == ErpAction.UPSERT || orderDeleteAction == ErpAction.UPSERT) {
      throw new IllegalArgumentException("a delete becomes DELETE or DEACTIVATE, not UPSERT");
    }
    if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
      throw new IllegalArgumentException("the transaction timeout must be positive");
    }
    if (customerEmitInterval != null
        && (customerEmitInterval.isNegative() || customerEmitInterval.isZero())) {
      throw new IllegalArgumentException("the customer emit interval must be positive");
    }
  }

  /** Realtime emit for every entity. */
  public static EmitSettings realtime(
      String sourceSystem,
      ErpAction customerDeleteAction,
      ErpAction orderDeleteAction,
      java.time.Duration transactionTimeout) {
    return new EmitSettings(
        sourceSystem,
        customerDeleteAction,
        orderDeleteAction,
        transactionTimeout,
        null,
        crmOwnsEverything(),
        null);
  }
}
