package io.crmerpsync.erp.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink connector that applies versioned ERP commands ({@code
 * erp.commands.customers.v1}, {@code erp.commands.orders.v1}) to ERP interface tables in
 * PostgreSQL, MariaDB or MySQL. Each task gets the same settings; Connect spreads the topic
 * partitions over them.
 *
 * <p>Expected converters: {@code key.converter=org.apache.kafka.connect.storage.StringConverter},
 * {@code value.converter=org.apache.kafka.connect.converters.ByteArrayConverter}; the task decodes
 * the Avro value itself against {@code schema.registry.url}.
 */
public final class ErpSinkConnector extends SinkConnector {

  /** Task setting added by the connector: the task's index, for log and JMX names. */
  static final String TASK_INDEX = "erp.sink.task.index";

  private Map<String, String> settings;

  @Override
  public void start(Map<String, String> props) {
    // Parse once here so a bad setting fails the connector, not each task later.
    new ErpSinkConfig(props);
    this.settings = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ErpSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> config = new HashMap<>(settings);
      config.put(TASK_INDEX, Integer.toString(i));
      configs.add(config);
    }
    return configs;
  }

  @Override
  public void stop() {
    // Nothing to release: the connector holds no resources, its tasks hold the connections.
  }

  @Override
  public ConfigDef config() {
    return ErpSinkConfig.CONFIG_DEF;
  }

  @Override
  public String version() {
    return PluginVersion.get();
  }
}
