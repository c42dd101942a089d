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
 */
public record EmitSettings(
    String sourceSystem,
    ErpAction customerDeleteAction,
    ErpAction orderDeleteAction,
    java.time.Duration transactionTimeout) {

  public EmitSettings {
    if (customerDeleteAction == ErpAction.UPSERT || orderDeleteAction == ErpAction.UPSERT) {
      throw new IllegalArgumentException("a delete becomes DELETE or DEACTIVATE, not UPSERT");
    }
    if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
      throw new IllegalArgumentException("the transaction timeout must be positive");
    }
  }
}
