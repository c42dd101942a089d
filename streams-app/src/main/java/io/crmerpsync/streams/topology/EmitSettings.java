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
 * @param orderRules the mapping file's {@code order} policies ({@code owner: crm} means the order's
 *     own CRM database)
 * @param erpOrders the ERP's order table as a source of order fields it sets (its status), or null
 * @param versionEpoch raised by one each time the application's state is rebuilt from scratch:
 *     every ERP command's version is {@code versionEpoch * EPOCH_SPAN} plus the record's own count
 *     of changes, so that the ERP takes a rebuilt record over what an earlier state sent
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
    java.util.List<CrmSource> extraCrmSources,
    io.crmerpsync.streams.conflict.EntityRules orderRules,
    ErpOrderSource erpOrders,
    long versionEpoch) {

  /** The versions one epoch spans: 10^12 changes of one record. */
  public static final long EPOCH_SPAN = 1_000_000_000_000L;

  /** The largest epoch: its versions still fit a long. */
  public static final long MAX_EPOCH = Long.MAX_VALUE / EPOCH_SPAN - 1;

  /** Settings of the first version epoch (a state never rebuilt). */
  public EmitSettings(
      String sourceSystem,
      ErpAction customerDeleteAction,
      ErpAction orderDeleteAction,
      java.time.Duration transactionTimeout,
      java.time.Duration customerEmitInterval,
      io.crmerpsync.streams.conflict.EntityRules customerRules,
      ErpCustomerSource erpCustomers,
      String customerMatchColumn,
      java.util.List<CrmSource> extraCrmSources,
      io.crmerpsync.streams.conflict.EntityRules orderRules,
      ErpOrderSource erpOrders) {
    this(
        sourceSystem,
        customerDeleteAction,
        orderDeleteAction,
        transactionTimeout,
        customerEmitInterval,
        customerRules,
        erpCustomers,
        customerMatchColumn,
        extraCrmSources,
        orderRules,
        erpOrders,
        0);
  }

  /** The version an ERP command carries for a record changed {@code count} times. */
  public long commandVersion(long count) {
    return versionEpoch * EPOCH_SPAN + count;
  }

  /** These settings in version epoch {@code epoch}. */
  public EmitSettings withVersionEpoch(long epoch) {
    return new EmitSettings(
        sourceSystem,
        customerDeleteAction,
        orderDeleteAction,
        transactionTimeout,
        customerEmitInterval,
        customerRules,
        erpCustomers,
        customerMatchColumn,
        extraCrmSources,
        orderRules,
        erpOrders,
        epoch);
  }

  /**
   * The ERP's order table as a source: its raw change topic, and the columns naming the order it is
   * about as the sink wrote it into {@code order_iface}: the source system ({@code crm}, {@code
   * crm-us}) and the source reference (the CRM order id).
   */
  public record ErpOrderSource(
      String topic, String table, String sourceSystemColumn, String sourceRefColumn) {}

  /**
   * Settings with the order policies and the ERP order source of these settings replaced by {@code
   * orderRules} and {@code erpOrders}.
   */
  public EmitSettings withOrders(
      io.crmerpsync.streams.conflict.EntityRules orderRules, ErpOrderSource erpOrders) {
    return new EmitSettings(
        sourceSystem,
        customerDeleteAction,
        orderDeleteAction,
        transactionTimeout,
        customerEmitInterval,
        customerRules,
        erpCustomers,
        customerMatchColumn,
        extraCrmSources,
        orderRules,
        erpOrders,
        versionEpoch);
  }

  /** Settings of several CRM databases, the CRM owning every order field. */
  public EmitSettings(
      String sourceSystem,
      ErpAction customerDeleteAction,
      ErpAction orderDeleteAction,
      java.time.Duration transactionTimeout,
      java.time.Duration customerEmitInterval,
      io.crmerpsync.streams.conflict.EntityRules customerRules,
      ErpCustomerSource erpCustomers,
      String customerMatchColumn,
      java.util.List<CrmSource> extraCrmSources) {
    this(
        sourceSystem,
        customerDeleteAction,
        orderDeleteAction,
        transactionTimeout,
        customerEmitInterval,
        customerRules,
        erpCustomers,
        customerMatchColumn,
        extraCrmSources,
        crmOwnsEveryOrderField(),
        null);
  }

  /**
   * The order policies as the order assembler of CRM database {@code crm} applies them: {@code
   * owner: crm} names whichever CRM database the order comes from (an order belongs to one).
   */
  public io.crmerpsync.streams.conflict.EntityRules orderRulesOf(String crm) {
    return CRM_SOURCE.equals(crm) ? orderRules : orderRules.withOwnerRenamed(CRM_SOURCE, crm);
  }

  /**
   * The order interface-table columns that the ERP owns by the mapping file: ERP order commands
   * leave them out.
   */
  public java.util.Set<String> erpOwnedOrderColumns() {
    return erpOwned(orderRules, io.crmerpsync.streams.order.OrderFields.ALL);
  }

  /** The {@code fields} that {@code rules} give the ERP as their owner. */
  private static java.util.Set<String> erpOwned(
      io.crmerpsync.streams.conflict.EntityRules rules, java.util.Collection<String> fields) {
    java.util.Set<String> owned = new java.util.TreeSet<>();
    for (String field : fields) {
      if (rules.policyOf(field) instanceof io.crmerpsync.streams.conflict.Policy.Owner owner
          && owner.source().equals(ERP_SOURCE)) {
        owned.add(field);
      }
    }
    return java.util.Collections.unmodifiableSet(owned);
  }

  /** Every order field owned by the order's CRM database. */
  public static io.crmerpsync.streams.conflict.EntityRules crmOwnsEveryOrderField() {
    return new io.crmerpsync.streams.conflict.EntityRules(
        "order",
        java.util.Map.of(),
        new io.crmerpsync.streams.conflict.Policy.Owner(CRM_SOURCE),
        java.util.List.of(CRM_SOURCE, ERP_SOURCE));
  }

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
    return erpOwned(customerRules, io.crmerpsync.streams.customer.CustomerMapper.payloadColumns());
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
    java.util.Objects.requireNonNull(orderRules, "orderRules");
    if (!extraCrmSources.isEmpty() && customerMatchColumn == null) {
      throw new IllegalArgumentException(
          "customers of several CRM databases need a business key to match them by");
    }
    if (customerDeleteAction == ErpAction.UPSERT || orderDeleteAction == ErpAction.UPSERT) {
      throw new IllegalArgumentException("a delete becomes DELETE or DEACTIVATE, not UPSERT");
    }
    if (versionEpoch < 0 || versionEpoch > MAX_EPOCH) {
      throw new IllegalArgumentException(
          "the version epoch must be 0.." + MAX_EPOCH + ", was " + versionEpoch);
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
