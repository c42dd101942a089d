package io.crmerpsync.erp.sink.command;

import java.util.Optional;

/** The ERP entities the sink writes, by the {@code entity} field of an ErpCommand. */
public enum Entity {
  CUSTOMER("customer"),
  ORDER("order");

  private final String code;

  Entity(String code) {
    this.code = code;
  }

  /** The value of ErpCommand.entity. */
  public String code() {
    return code;
  }

  /** The entity for an ErpCommand.entity value, if it is one the sink knows. */
  public static Optional<Entity> fromCode(String code) {
    for (Entity entity : values()) {
      if (entity.code.equals(code)) {
        return Optional.of(entity);
      }
    }
    return Optional.empty();
  }
}
