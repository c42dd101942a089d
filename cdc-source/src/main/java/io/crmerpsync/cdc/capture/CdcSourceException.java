package io.crmerpsync.cdc.capture;

/** The CDC source stopped: the engine failed or Kafka did not take a batch. */
public class CdcSourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CdcSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
