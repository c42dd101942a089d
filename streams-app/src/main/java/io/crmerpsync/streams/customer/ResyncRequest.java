package io.crmerpsync.streams.customer;

/**
 * An operator's request to send a customer's golden record, or an order as assembled, to the ERP
 * again, as {@code sync.resync-requests.customers.v1} (key: the customer's key) and {@code
 * sync.resync-requests.orders.v1} (key: the order id) carry it, JSON. The golden-record processor
 * or the order assembler gives the record the next version, so that the ERP's conditional upsert
 * takes it, and emits the canonical record and the ERP command; a key it holds no complete record
 * for is refused. Both outcomes are audited with who asked and why.
 *
 * @param requestedBy who asked
 * @param reason why, for the audit trail
 * @param requestedAtMs when (wall clock of the command)
 */
public record ResyncRequest(String requestedBy, String reason, long requestedAtMs) {

  /** The audit rule of this request carried out: {@code what} went to the ERP again. */
  public String sentRule(String what) {
    return "resync: "
        + requestedBy
        + " asked to send "
        + what
        + " to the ERP again, because: "
        + reason;
  }

  /** The audit rule of a refused request; {@code request} is null when it could not be read. */
  public static String refusedRule(ResyncRequest request, String why) {
    return "resync refused: "
        + why
        + (request == null
            ? ""
            : "; " + request.requestedBy() + " asked, because: " + request.reason());
  }
}
