package io.crmerpsync.erp.sink.error;

import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Why the sink gave up on one record; handed to Connect's errant record reporter, whose dead-letter
 * headers then carry this message (with the database's SQLState when the database refused it).
 */
public final class RejectedRecordException extends ConnectException {
  private static final long serialVersionUID = 1L;

  /** Short, stable failure classes, e.g. for alerting on the dead-letter message. */
  public enum Reason {
    /** The value is not Confluent wire-format Avro of an ErpCommand, or its schema is unknown. */
    UNDECODABLE("undecodable"),
    /** The value decoded but is not a command the sink can apply (e.g. UPSERT without payload). */
    INVALID_COMMAND("invalid-command"),
    /** The ERP database refused the command's data (see SqlErrorClassifier: REJECTED_ROW). */
    DATABASE_REJECTED("database-rejected");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;
  private final String sqlState;

  public RejectedRecordException(Reason reason, String message, Throwable cause) {
    this(reason, null, message, cause);
  }

  public RejectedRecordException(Reason reason, String sqlState, String message, Throwable cause) {
    super(reason.code() + ": " + message, cause);
    this.reason = reason;
    this.sqlState = sqlState;
  }

  public Reason reason() {
    return reason;
  }

  /** The database's SQLState when the database refused the record. */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }
}
