package io.crmerpsync.streams.app;

import java.util.Arrays;

/** The values of {@code streams.topology.routing}; see {@link RoutingChoice}. */
public enum RoutingSetting {
  /** In task when every topic read has one partition, through Kafka otherwise. */
  AUTO("auto"),
  /** In task, refused at start when it cannot be run safely. */
  IN_TASK("in-task"),
  /** Through the internal topics, whatever the partition counts. */
  THROUGH_KAFKA("through-kafka");

  private final String value;

  RoutingSetting(String value) {
    this.value = value;
  }

  /** The value as written in the configuration. */
  public String value() {
    return value;
  }

  /** The setting written {@code value}. */
  public static RoutingSetting of(String value) {
    return Arrays.stream(values())
        .filter(s -> s.value.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "streams.topology.routing is "
                        + value
                        + "; allowed: auto, in-task, through-kafka"));
  }
}
