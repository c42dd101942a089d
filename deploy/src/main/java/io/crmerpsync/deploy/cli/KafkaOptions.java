package io.crmerpsync.deploy.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The Kafka options of the operators' commands that read or write the pipeline's topics. */
final class KafkaOptions {
  @Option(names = "--bootstrap-servers", required = true, description = "Kafka brokers.")
  String bootstrapServers;

  @Option(
      names = "--timeout",
      defaultValue = "15",
      description = "Seconds to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /** The timeout; a bad one is a usage error. */
  Duration timeout() {
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException(
          "--timeout must be a positive number of seconds, was " + timeoutSeconds);
    }
    return Duration.ofSeconds(timeoutSeconds);
  }
}
