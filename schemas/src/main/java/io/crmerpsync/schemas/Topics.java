package io.crmerpsync.schemas;

/**
 * Names of the topics that form the pipeline's public contract. Names are stable API: versioned,
 * defined here once, never generated. Raw change topics ({@code <prefix>.<db>.<table>}) are named
 * by the capture side and configured, not listed here.
 */
public final class Topics {
  /** Canonical customers, Avro in the Confluent wire format, compacted, key: customer id. */
  public static final String CANONICAL_CUSTOMERS = "canonical.customers.v1";

  /** Canonical orders with their lines, Avro, compacted, key: order id. */
  public static final String CANONICAL_ORDERS = "canonical.orders.v1";

  /** ERP commands for customers, Avro {@code ErpCommand}, key: source reference. */
  public static final String ERP_COMMANDS_CUSTOMERS = "erp.commands.customers.v1";

  /** ERP commands for orders (header and all lines in one command), key: source reference. */
  public static final String ERP_COMMANDS_ORDERS = "erp.commands.orders.v1";

  /** Records that could not be processed: raw bytes, the reason and coordinates in headers. */
  public static final String DEAD_LETTER = "sync.dlq.v1";

  /** Conflicts that no rule settles, for review. */
  public static final String CONFLICTS = "sync.conflicts.v1";

  /**
   * An operator's resolution of a conflict (which value the field takes, who, when, why), JSON,
   * key: the entity's key like the golden record, so it meets the golden record in the same task.
   */
  public static final String CONFLICT_RESOLUTIONS = "sync.conflict-resolutions.v1";

  /**
   * Operators' requests to send a customer's current golden record to the ERP again (resync), JSON,
   * key: the customer's key like the golden record, so it meets the golden record in the same task.
   * Written by {@code crm-erp-sync resync customers}.
   */
  public static final String RESYNC_REQUESTS_CUSTOMERS = "sync.resync-requests.customers.v1";

  /**
   * Operators' requests to send an order of the first CRM database to the ERP again, JSON, key: the
   * order id like the order's parts, so it meets the order's aggregate in the same task; another
   * CRM database's orders have {@code sync.resync-requests.orders.<source>.v1}. Written by {@code
   * crm-erp-sync resync orders}.
   */
  public static final String RESYNC_REQUESTS_ORDERS = "sync.resync-requests.orders.v1";

  /**
   * Source transactions that never completed (END marker or changes missing past the timeout),
   * diverted whole instead of reaching the ERP in part. JSON, key: transaction id.
   */
  public static final String INCOMPLETE_TRANSACTIONS = "sync.incomplete-transactions.v1";

  /**
   * Every decision of the pipeline about every change (applied, duplicate, stale, dead-lettered),
   * with the rule that decided; Avro {@code AuditEvent}, key {@code <table>:<primary key JSON>}.
   */
  public static final String AUDIT = "sync.audit.v1";

  /**
   * What the ERP's importer reported about each command it took from the interface tables
   * (PROCESSING, SUCCESS, ERROR with its code and message); Avro {@code ErpImportStatus}, key
   * {@code <entity>:<sourceRef>}, compacted: the latest report per entity.
   */
  public static final String ERP_STATUS = "sync.erp-status.v1";

  /**
   * The status topic's key of {@code entity} (customer, order) with source reference {@code ref}.
   */
  public static String erpStatusKey(String entity, String ref) {
    return entity + ":" + ref;
  }

  /** The audit topic's key for a row of {@code table} with primary key JSON {@code key}. */
  public static String auditKey(String table, String key) {
    return table + ":" + key;
  }

  private Topics() {}
}
