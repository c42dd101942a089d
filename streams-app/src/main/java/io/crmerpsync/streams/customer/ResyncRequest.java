package io.crmerpsync.streams.customer;

/**
 * An operator's request to send a customer's current golden record to the ERP again, as {@code
 * sync.resync-requests.customers.v1} carries it (JSON, key: the customer's key). The golden-record
 * processor gives the record the next version, so that the ERP's conditional upsert takes it, and
 * emits the canonical customer and the ERP command; a key it holds no complete record for is
 * refused. Both outcomes are audited with who asked and why.
 *
 * @param requestedBy who asked
 * @param reason why, for the audit trail
 * @param requestedAtMs when (wall clock of the command)
 */
public record ResyncRequest(String requestedBy, String reason, long requestedAtMs) {}
