package io.crmerpsync.registry.store;

/** The Kafka log could not be read or written in time; the registry state was not changed. */
public final class StoreException extends RuntimeException {

  private final boolean timeout;

  StoreException(String message, boolean timeout, Throwable cause) {
    super(message, cause);
    this.timeout = timeout;
  }

  /** True when the operation ran out of time (the write may still land later). */
  public boolean isTimeout() {
    return timeout;
  }
}
