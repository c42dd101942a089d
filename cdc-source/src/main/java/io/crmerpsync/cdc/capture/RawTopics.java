package io.crmerpsync.cdc.capture;

import io.crmerpsync.cdc.config.CdcSourceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the raw change topics and the transaction topic before capture starts, so they get the
 * configured partition count instead of a broker's auto-create defaults. Existing topics are left
 * alone. Replication uses the broker's {@code default.replication.factor}.
 */
final class RawTopics {

  private static final Logger log = LoggerFactory.getLogger(RawTopics.class);

  private RawTopics() {}

  static List<String> names(CdcSourceConfig config) {
    List<String> names = new ArrayList<>();
    config.crmTables().forEach(table -> names.add(config.rawTopic(table)));
    names.add(config.transactionTopic());
    return names;
  }

  static void createMissing(CdcSourceConfig config) {
    List<NewTopic> topics =
        new ArrayList<>(
            names(config).stream()
                .map(
                    name ->
                        new NewTopic(name, Optional.of(config.topicPartitions()), Optional.empty()))
                .toList());
    if (!config.connector().isPostgres() && !config.signalTopic().isEmpty()) {
      // Debezium's signal channel reads partition 0 only.
      topics.add(new NewTopic(config.signalTopic(), Optional.of(1), Optional.empty()));
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.kafkaBootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                config.name() + "-topics"))) {
      CreateTopicsResult result = admin.createTopics(topics);
      for (NewTopic topic : topics) {
        awaitCreated(result, topic.name());
      }
    }
  }

  private static void awaitCreated(CreateTopicsResult result, String name) {
    try {
      result.values().get(name).get(60, TimeUnit.SECONDS);
      log.info("Created topic {}", name);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new CdcSourceException("cannot create raw topic " + name, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new CdcSourceException("timed out creating raw topic " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdcSourceException("interrupted while creating raw topic " + name, e);
    }
  }
}
