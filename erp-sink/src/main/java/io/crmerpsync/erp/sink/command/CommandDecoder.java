package io.crmerpsync.erp.sink.command;

import io.crmerpsync.erp.sink.error.RejectedRecordException;
import io.crmerpsync.erp.sink.error.RejectedRecordException.Reason;
import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.AvroWireSerde;
import io.crmerpsync.schemas.wire.SchemaRegistryException;
import io.crmerpsync.schemas.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a Connect record's value (bytes in the Confluent wire format, delivered by {@code
 * ByteArrayConverter}) into a validated {@link CommandRecord}.
 *
 * <p>Decisions: bytes that are not wire format, a schema id the registry does not know (404), or a
 * command that breaks the contract are {@link DecodeResult.Undecodable} (dead-letter, keep going).
 * A registry that cannot be reached or answers 5xx throws {@link RetriableException}: the record is
 * fine, the registry will be back. Any other registry refusal (401, 403, ...) is a setup problem
 * and throws {@link ConnectException}, failing the task.
 */
public final class CommandDecoder {

  private final AvroWireSerde<ErpCommand> serde;

  public CommandDecoder(AvroWireSerde<ErpCommand> serde) {
    this.serde = serde;
  }

  /** Decodes and validates one record. */
  public DecodeResult decode(SinkRecord record) {
    Object value = record.value();
    if (value == null) {
      return new DecodeResult.Tombstone(record);
    }
    byte[] bytes;
    if (value instanceof byte[] array) {
      bytes = array;
    } else if (value instanceof ByteBuffer buffer) {
      bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
    } else {
      return undecodable(
          record,
          "value is a "
              + value.getClass().getName()
              + ", not bytes: configure value.converter="
              + "org.apache.kafka.connect.converters.ByteArrayConverter",
          null);
    }
    ErpCommand command;
    try {
      command = serde.deserialize(record.topic(), bytes);
    } catch (WireFormatException e) {
      return undecodable(record, e.getMessage(), e);
    } catch (SchemaRegistryException e) {
      return registryFailure(record, e);
    }
    Optional<String> problem = contractViolation(command);
    if (problem.isPresent()) {
      return new DecodeResult.Undecodable(
          record, new RejectedRecordException(Reason.INVALID_COMMAND, problem.get(), null));
    }
    Entity entity = Entity.fromCode(command.getEntity()).orElseThrow();
    return new DecodeResult.Decoded(new CommandRecord(record, command, entity));
  }

  private static DecodeResult registryFailure(SinkRecord record, SchemaRegistryException e) {
    int status = e.httpStatus();
    if (status == 404 || e.errorCode() == 40403) {
      return undecodable(record, "writer schema unknown to the registry: " + e.getMessage(), e);
    }
    if (status < 0 || status >= 500 || status == 429) {
      throw new RetriableException(
          "schema registry unavailable while decoding "
              + CommandRecord.coordinates(record)
              + ": "
              + e.getMessage(),
          e);
    }
    throw new ConnectException(
        "schema registry refused the sink (check schema.registry.url and its access) while"
            + " decoding "
            + CommandRecord.coordinates(record)
            + ": "
            + e.getMessage(),
        e);
  }

  private static DecodeResult undecodable(SinkRecord record, String why, Throwable cause) {
    return new DecodeResult.Undecodable(
        record, new RejectedRecordException(Reason.UNDECODABLE, why, cause));
  }

  /** What makes the command impossible to apply, if anything. */
  static Optional<String> contractViolation(ErpCommand command) {
    Optional<Entity> entity = Entity.fromCode(command.getEntity());
    if (entity.isEmpty()) {
      return Optional.of("unknown entity '" + command.getEntity() + "' (customer or order)");
    }
    if (command.getSourceSystem().isBlank() || command.getSourceRef().isBlank()) {
      return Optional.of("sourceSystem and sourceRef must not be blank");
    }
    boolean upsert = command.getAction() == ErpAction.UPSERT;
    return switch (entity.get()) {
      case CUSTOMER -> {
        if (command.getOrder() != null) {
          yield Optional.of("customer command " + command.getSourceRef() + " carries an order");
        }
        yield upsert && command.getCustomer() == null
            ? Optional.of("customer UPSERT " + command.getSourceRef() + " has no customer payload")
            : Optional.empty();
      }
      case ORDER -> {
        if (command.getCustomer() != null) {
          yield Optional.of("order command " + command.getSourceRef() + " carries a customer");
        }
        yield upsert && command.getOrder() == null
            ? Optional.of("order UPSERT " + command.getSourceRef() + " has no order payload")
            : Optional.empty();
      }
    };
  }
}
