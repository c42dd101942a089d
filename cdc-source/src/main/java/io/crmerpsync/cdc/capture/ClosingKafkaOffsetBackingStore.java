package io.crmerpsync.cdc.capture;

import io.debezium.embedded.KafkaConnectUtil;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.util.SharedTopicAdmin;

/**
 * Kafka's offset store as the engine would build it, except that it closes the admin client it
 * opens. Debezium 3.5's engine builds {@link KafkaOffsetBackingStore} with a shared admin that
 * nothing closes, so every engine start left an admin thread behind that retried forever once Kafka
 * was gone. The engine instantiates this class by name ({@code offset.storage}) with the
 * no-argument constructor.
 *
 * <p>Offsets are keyed and encoded exactly as with the stock store (same converter), so switching
 * between the two keeps stored positions.
 */
public final class ClosingKafkaOffsetBackingStore extends KafkaOffsetBackingStore {

  private final AdminHolder admin;

  /** Called by the engine through reflection. */
  public ClosingKafkaOffsetBackingStore() {
    this(new AdminHolder());
  }

  private ClosingKafkaOffsetBackingStore(AdminHolder admin) {
    super(admin::topicAdmin, admin::clientIdBase, KafkaConnectUtil.converterForOffsetStore());
    this.admin = admin;
  }

  @Override
  public void configure(WorkerConfig config) {
    admin.open(config);
    super.configure(config);
  }

  @Override
  public void stop() {
    try {
      super.stop();
    } finally {
      admin.close();
    }
  }

  /** Opens the admin on configure (the super constructor runs before any field is set). */
  private static final class AdminHolder {
    private volatile SharedTopicAdmin shared;
    private volatile String clientIdBase = "cdc-";

    void open(WorkerConfig config) {
      String name = String.valueOf(config.originals().getOrDefault("name", "cdc"));
      clientIdBase = name + "-";
      shared =
          new SharedTopicAdmin(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  String.join(",", config.getList(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG)),
                  AdminClientConfig.CLIENT_ID_CONFIG,
                  name + "-offsets-admin"));
    }

    org.apache.kafka.connect.util.TopicAdmin topicAdmin() {
      return shared.topicAdmin();
    }

    String clientIdBase() {
      return clientIdBase;
    }

    void close() {
      SharedTopicAdmin current = shared;
      if (current != null) {
        current.close();
      }
    }
  }
}
