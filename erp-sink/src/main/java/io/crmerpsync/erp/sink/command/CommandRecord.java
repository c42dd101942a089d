package io.crmerpsync.erp.sink.command;

import io.crmerpsync.schemas.erp.ErpCommand;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A decoded, validated command together with the Connect record it came from (kept to report the
 * record to the dead-letter queue if the database refuses it).
 */
public record CommandRecord(SinkRecord record, ErpCommand command, Entity entity) {

  /** Whether the command brings the entity's fields (always for UPSERT, optional otherwise). */
  public boolean hasPayload() {
    return switch (entity) {
      case CUSTOMER -> command.getCustomer() != null;
      case ORDER -> command.getOrder() != null;
    };
  }

  /** For logs and error messages, e.g. {@code order crm:O-17 v42 UPSERT}. */
  public String describe() {
    return entity.code()
        + " "
        + command.getSourceSystem()
        + ":"
        + command.getSourceRef()
        + " v"
        + command.getVersion()
        + " "
        + command.getAction();
  }

  /** Topic, partition and offset of the record, e.g. {@code erp.commands.orders.v1-0@17}. */
  public String coordinates() {
    return coordinates(record);
  }

  /** Topic, partition and offset of any Connect record. */
  public static String coordinates(SinkRecord record) {
    return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
  }
}
