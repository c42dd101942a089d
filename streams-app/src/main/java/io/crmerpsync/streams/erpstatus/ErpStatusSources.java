package io.crmerpsync.streams.erpstatus;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The raw change topics of the ERP interface tables whose import status the topology publishes. An
 * entity without a topic is not read; with none at all the status processor is not built.
 */
public final class ErpStatusSources {
  /**
   * The interface-table columns a status report is read from; a capture of the interface tables may
   * leave every other column out (cdc-source {@code crm.columns.include}), which spares it
   * converting the payload of every row the sink writes.
   */
  public static final List<String> COLUMNS_READ =
      List.of(
          "source_system",
          "source_ref",
          "action",
          "source_version",
          "idempotency_key",
          "source_commit_time",
          "process_status",
          "error_code",
          "error_message",
          "batch_id");

  private final Map<ImportEntity, String> topics;

  private ErpStatusSources(Map<ImportEntity, String> topics) {
    this.topics = Collections.unmodifiableMap(topics);
  }

  /** No interface table is captured: no status is published. */
  public static ErpStatusSources none() {
    return new ErpStatusSources(new EnumMap<>(ImportEntity.class));
  }

  /**
   * The customer and order interface tables' raw topics; a blank topic leaves that entity out.
   *
   * @throws IllegalArgumentException when both name the same topic
   */
  public static ErpStatusSources of(String customerTopic, String orderTopic) {
    Map<ImportEntity, String> topics = new EnumMap<>(ImportEntity.class);
    if (!customerTopic.isBlank()) {
      topics.put(ImportEntity.CUSTOMER, customerTopic.trim());
    }
    if (!orderTopic.isBlank()) {
      if (orderTopic.trim().equals(topics.get(ImportEntity.CUSTOMER))) {
        throw new IllegalArgumentException(
            "the customer and order interface tables cannot share the topic " + orderTopic.trim());
      }
      topics.put(ImportEntity.ORDER, orderTopic.trim());
    }
    return new ErpStatusSources(topics);
  }

  /** True when at least one interface table is read. */
  public boolean enabled() {
    return !topics.isEmpty();
  }

  /** Each read entity with its raw topic, customer first. */
  public Map<ImportEntity, String> topics() {
    return topics;
  }

  @Override
  public String toString() {
    return topics.toString();
  }
}
