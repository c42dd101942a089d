package io.crmerpsync.streams.app;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.RawTopics;
import io.crmerpsync.streams.topology.TopologyNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the topics the application reads and writes when they are missing: public topics
 * compacted (canonical, commands: the latest per key is what matters), the dead-letter topic with
 * time retention. Raw topics are created here too so the application can start before cdc-source.
 * Existing topics are left as they are.
 */
final class TopicProvisioner {
  private TopicProvisioner() {}

  static void ensureTopics(StreamsAppConfig config) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    int partitions = config.topicPartitions();
    short replication = config.topicReplicationFactor();
    Map<String, String> compacted =
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
            "3600000");
    Map<String, String> keepAWeek = Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000");
    RawTopics raw = config.rawTopics();
    List<NewTopic> wanted = new ArrayList<>();
    for (String topic :
        List.of(
            Topics.CANONICAL_CUSTOMERS,
            Topics.CANONICAL_ORDERS,
            Topics.ERP_COMMANDS_CUSTOMERS,
            Topics.ERP_COMMANDS_ORDERS)) {
      wanted.add(new NewTopic(topic, partitions, replication).configs(compacted));
    }
    wanted.add(new NewTopic(Topics.DEAD_LETTER, partitions, replication).configs(keepAWeek));
    wanted.add(new NewTopic(Topics.CONFLICTS, partitions, replication).configs(keepAWeek));
    // Same partition count as the customer changes: the golden record reads both in one task.
    wanted.add(
        new NewTopic(Topics.CONFLICT_RESOLUTIONS, partitions, replication)
            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(90L * 86_400_000L))));
    wanted.add(
        new NewTopic(Topics.RESYNC_REQUESTS_CUSTOMERS, partitions, replication).configs(keepAWeek));
    wanted.add(
        new NewTopic(Topics.RESYNC_REQUESTS_ORDERS, partitions, replication).configs(keepAWeek));
    wanted.add(
        new NewTopic(TopologyNames.CUSTOMER_CHANGES_TOPIC, partitions, replication)
            .configs(keepAWeek));
    wanted.add(
        new NewTopic(Topics.AUDIT, partitions, replication)
            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(90L * 86_400_000L))));
    wanted.add(
        new NewTopic(Topics.INCOMPLETE_TRANSACTIONS, partitions, replication).configs(keepAWeek));
    wanted.add(
        new NewTopic(TopologyNames.ORDER_TRANSACTIONS_TOPIC, partitions, replication)
            .configs(keepAWeek));
    wanted.add(
        new NewTopic(TopologyNames.ORDER_PARTS_BY_ORDER_TOPIC, partitions, replication)
            .configs(keepAWeek));
    List<String> rawTopics =
        new ArrayList<>(
            List.of(raw.customers(), raw.orders(), raw.orderLines(), raw.transactions()));
    EmitSettings.ErpCustomerSource erpCustomers = config.erpCustomers();
    for (EmitSettings.CrmSource crm : config.extraCrmSources()) {
      RawTopics theirs = crm.topics();
      rawTopics.addAll(
          List.of(theirs.customers(), theirs.orders(), theirs.orderLines(), theirs.transactions()));
      io.crmerpsync.streams.topology.OrderNodes nodes =
          new io.crmerpsync.streams.topology.OrderNodes(crm.name(), crm.name());
      wanted.add(
          new NewTopic(nodes.transactionsTopic(), partitions, replication).configs(keepAWeek));
      wanted.add(new NewTopic(nodes.partsTopic(), partitions, replication).configs(keepAWeek));
      wanted.add(
          new NewTopic(nodes.resyncRequestsTopic(), partitions, replication).configs(keepAWeek));
    }
    if (erpCustomers != null) {
      rawTopics.add(erpCustomers.topic());
    }
    if (config.erpOrders() != null) {
      rawTopics.add(config.erpOrders().topic());
    }
    if (config.erpStatusSources().enabled()) {
      wanted.add(new NewTopic(Topics.ERP_STATUS, partitions, replication).configs(compacted));
      rawTopics.addAll(config.erpStatusSources().topics().values());
    }
    for (String topic : rawTopics) {
      wanted.add(new NewTopic(topic, partitions, replication).configs(keepAWeek));
    }
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          wanted.stream().filter(topic -> !existing.contains(topic.name())).toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create the application's topics on "
              + config.bootstrapServers()
              + ": "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
