package io.crmerpsync.streams.app;

import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.streams.topology.CommitPacing;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.RawTopics;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the streams application, each defined once with type, default, validation and doc.
 * Parsed into typed values here; the rest of the code never reads raw strings.
 */
public final class StreamsAppConfig extends AbstractConfig {
  public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String APPLICATION_ID = "streams.application.id";
  public static final String STATE_DIR = "streams.state.dir";
  public static final String NUM_THREADS = "streams.num.threads";
  public static final String COMMIT_INTERVAL_MS = "streams.commit.interval.ms";
  public static final String COMMIT_BACKLOG_INTERVAL_MS = "streams.commit.backlog.interval.ms";
  public static final String ROCKSDB_MEMORY_MB = "streams.rocksdb.memory.mb";
  public static final String TOPIC_PREFIX = "crm.topic.prefix";
  public static final String DATABASE = "crm.database";
  public static final String SOURCE_SYSTEM = "crm.source.system";
  public static final String CUSTOMER_DELETE_ACTION = "erp.customer.delete.action";
  public static final String VERSION_EPOCH = "sync.version.epoch";
  public static final String ORDER_DELETE_ACTION = "erp.order.delete.action";
  public static final String TRANSACTION_TIMEOUT_MS = "sync.transaction.timeout.ms";
  public static final String CUSTOMER_EMIT_POLICY = "sync.emit.customers";
  public static final String CUSTOMER_EMIT_INTERVAL_MS = "sync.emit.customers.interval.ms";
  public static final String MAPPING_FILE = "sync.mapping.file";
  public static final String ERP_CUSTOMERS_TOPIC = "erp.customers.topic";
  public static final String ERP_CUSTOMERS_CRM_ID_COLUMN = "erp.customers.crm.id.column";
  public static final String ERP_ORDERS_TOPIC = "erp.orders.topic";
  public static final String ERP_ORDERS_SOURCE_SYSTEM_COLUMN = "erp.orders.source.system.column";
  public static final String ERP_ORDERS_SOURCE_REF_COLUMN = "erp.orders.source.ref.column";
  public static final String ERP_STATUS_CUSTOMERS_TOPIC = "erp.status.customers.topic";
  public static final String ERP_STATUS_ORDERS_TOPIC = "erp.status.orders.topic";
  public static final String CUSTOMER_MATCH_COLUMN = "sync.customers.match.column";
  public static final String EXTRA_CRM_SOURCES = "sync.extra.crm.sources";
  public static final String TOPIC_PARTITIONS = "sync.topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR = "sync.topic.replication.factor";
  public static final String TOPOLOGY_ROUTING = "streams.topology.routing";

  private static final ConfigDef.Validator DELETE_ACTIONS =
      ConfigDef.ValidString.in(ErpAction.DELETE.name(), ErpAction.DEACTIVATE.name());

  /** The definition of every setting, also used to print the configuration reference. */
  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              BOOTSTRAP_SERVERS,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Kafka brokers, host:port[,host:port].")
          .define(
              SCHEMA_REGISTRY_URL,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Base URL of a registry that speaks the Confluent Schema Registry REST API.")
          .define(
              APPLICATION_ID,
              Type.STRING,
              "crm-erp-sync",
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Kafka Streams application id: consumer group, prefix of internal topics.")
          .define(
              STATE_DIR,
              Type.STRING,
              "data/streams",
              new ConfigDef.NonEmptyString(),
              Importance.MEDIUM,
              "Directory of the RocksDB state stores (rebuilt from changelogs when lost).")
          .define(
              NUM_THREADS,
              Type.INT,
              1,
              ConfigDef.Range.between(1, 64),
              Importance.MEDIUM,
              "Stream threads in this instance; more instances share partitions.")
          .define(
              COMMIT_INTERVAL_MS,
              Type.LONG,
              50L,
              ConfigDef.Range.atLeast(10),
              Importance.MEDIUM,
              "How often transactions commit (exactly_once_v2) while the application keeps up with"
                  + " its input; bounds commit-to-ERP latency.")
          .define(
              COMMIT_BACKLOG_INTERVAL_MS,
              Type.LONG,
              1000L,
              // Kafka Streams refuses a commit interval longer than the producer's transaction
              // timeout, 10 s under exactly-once.
              ConfigDef.Range.between(10, 9_000),
              Importance.LOW,
              "Longest interval between commits, reached while the application works through a"
                  + " backlog (catching up after an outage, an initial load, a replay): it commits"
                  + " after a quarter of the age of the records it processes, between "
                  + COMMIT_INTERVAL_MS
                  + " and this (decision 17). Equal to "
                  + COMMIT_INTERVAL_MS
                  + ": always that interval. Not shorter than it, at most 9000 (under the 10 s"
                  + " transaction timeout).")
          .define(
              TOPOLOGY_ROUTING,
              Type.STRING,
              RoutingSetting.AUTO.value(),
              ConfigDef.ValidString.in(
                  java.util.Arrays.stream(RoutingSetting.values())
                      .map(RoutingSetting::value)
                      .toArray(String[]::new)),
              Importance.MEDIUM,
              "How re-keyed records (a customer row to its customer, an order change to its"
                  + " transaction, a transaction's parts to their orders) reach the next processor."
                  + " through-kafka: via the internal topics, for any partition count. in-task:"
                  + " handed on inside the one task, no internal topic written or read, a commit"
                  + " less per hop; only when every topic the application reads has one partition,"
                  + " refused at start otherwise (the internal topics are still read, for what an"
                  + " earlier run left there). auto: in-task when every topic it reads has one"
                  + " partition, through-kafka otherwise (the start log says which and why).")
          .define(
              ROCKSDB_MEMORY_MB,
              Type.LONG,
              128L,
              ConfigDef.Range.between(0, 1L << 20),
              Importance.MEDIUM,
              "Off-heap memory, in MiB, that all RocksDB stores of this instance share: one block"
                  + " cache with the memtables charged to it (a quarter), index and filter blocks"
                  + " inside it. 0: Kafka Streams' defaults per store (a 50 MiB cache and up to"
                  + " three 16 MiB memtables each, index and filter blocks outside the cache: no"
                  + " bound, growing with stores times partitions).")
          .define(
              TOPIC_PREFIX,
              Type.STRING,
              "crm",
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "Prefix of the raw change topics, as cdc-source's crm.topic.prefix.")
          .define(
              DATABASE,
              Type.STRING,
              "sales",
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "CRM database whose tables the raw topics carry.")
          .define(
              SOURCE_SYSTEM,
              Type.STRING,
              "crm",
              new ConfigDef.NonEmptyString(),
              Importance.MEDIUM,
              "Logical name of the CRM source, written into canonical records and ERP commands.")
          .define(
              VERSION_EPOCH,
              Type.LONG,
              0L,
              ConfigDef.Range.between(0L, io.crmerpsync.streams.topology.EmitSettings.MAX_EPOCH),
              Importance.LOW,
              "Raise by one whenever this application's state is rebuilt from scratch (its stores"
                  + " reset): every ERP command's version is epoch x 10^12 plus the record's own"
                  + " count of changes, so that the ERP takes the rebuilt records over the versions"
                  + " an earlier state sent it. Never lower it.")
          .define(
              CUSTOMER_DELETE_ACTION,
              Type.STRING,
              ErpAction.DEACTIVATE.name(),
              DELETE_ACTIONS,
              Importance.MEDIUM,
              "What a CRM customer delete becomes in the ERP: DELETE or DEACTIVATE.")
          .define(
              ORDER_DELETE_ACTION,
              Type.STRING,
              ErpAction.DELETE.name(),
              DELETE_ACTIONS,
              Importance.MEDIUM,
              "What a CRM order delete becomes in the ERP: DELETE or DEACTIVATE.")
          .define(
              TRANSACTION_TIMEOUT_MS,
              Type.LONG,
              60_000L,
              ConfigDef.Range.atLeast(100),
              Importance.MEDIUM,
              "How long the order changes of a source transaction wait for the rest of it (END"
                  + " marker and every change it counts) before the transaction is diverted whole"
                  + " to sync.incomplete-transactions.v1; never emitted in part.")
          .define(
              CUSTOMER_EMIT_POLICY,
              Type.STRING,
              "realtime",
              ConfigDef.ValidString.in("realtime", "interval"),
              Importance.MEDIUM,
              "Emit policy of customers: 'realtime' emits every change at once; 'interval' emits"
                  + " each changed customer at most once per sync.emit.customers.interval.ms"
                  + " (its latest state). Orders are always realtime.")
          .define(
              CUSTOMER_EMIT_INTERVAL_MS,
              Type.LONG,
              900_000L,
              ConfigDef.Range.atLeast(1000),
              Importance.MEDIUM,
              "Window of the 'interval' emit policy of customers (default 15 minutes).")
          .define(
              MAPPING_FILE,
              Type.STRING,
              "",
              Importance.HIGH,
              "YAML file with the field policies (owner, newest-wins, priority, review) per entity;"
                  + " see docs/conflict-resolution.md. Empty: the CRM owns every field.")
          .define(
              ERP_CUSTOMERS_TOPIC,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Raw change topic of the ERP's customer table (captured like the CRM), whose changes"
                  + " join the golden record as source 'erp'. Empty: the CRM is the only source.")
          .define(
              ERP_CUSTOMERS_CRM_ID_COLUMN,
              Type.STRING,
              "crm_customer_id",
              new ConfigDef.NonEmptyString(),
              Importance.MEDIUM,
              "Column of the ERP's customer table that holds the customer's key: the CRM customer"
                  + " id, or with "
                  + CUSTOMER_MATCH_COLUMN
                  + " the business key (the source_ref the sink wrote into customer_iface).")
          .define(
              ERP_ORDERS_TOPIC,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Raw change topic of the ERP's order table (captured like the ERP's customers), whose"
                  + " changes of order fields (status, shipping_*) join each order as source 'erp'"
                  + " under the mapping file's 'order' policies. Empty: the CRM alone sets orders.")
          .define(
              ERP_ORDERS_SOURCE_SYSTEM_COLUMN,
              Type.STRING,
              "source_system",
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              "Column of the ERP's order table naming the CRM database the order came from, as the"
                  + " sink wrote it into order_iface.source_system (rows of other systems are"
                  + " counted and left alone).")
          .define(
              ERP_ORDERS_SOURCE_REF_COLUMN,
              Type.STRING,
              "source_ref",
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              "Column of the ERP's order table holding the CRM order id, as the sink wrote it into"
                  + " order_iface.source_ref.")
          .define(
              ERP_STATUS_CUSTOMERS_TOPIC,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Raw change topic of the ERP's customer interface table (customer_iface, captured"
                  + " from the ERP database like its customer master). The importer's reports in"
                  + " it (process_status PROCESSING, SUCCESS, ERROR) are published on"
                  + " sync.erp-status.v1. Empty: customer import status is not published.")
          .define(
              ERP_STATUS_ORDERS_TOPIC,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Raw change topic of the ERP's order interface table (order_iface); as "
                  + ERP_STATUS_CUSTOMERS_TOPIC
                  + ", for orders. Empty: order import status is not published.")
          .define(
              CUSTOMER_MATCH_COLUMN,
              Type.STRING,
              "",
              ConfigDef.ValidString.in("", "email", "tax_id"),
              Importance.MEDIUM,
              "The CRM column that identifies a customer across CRM databases (its business key):"
                  + " email or tax_id, compared trimmed and lower-cased. It is then the customer's"
                  + " key on the canonical topic and its source reference in the ERP; a CRM row"
                  + " without it is dead-lettered. Empty: customers are keyed by their CRM id (one"
                  + " CRM database).")
          .define(
              EXTRA_CRM_SOURCES,
              Type.LIST,
              "",
              Importance.MEDIUM,
              "Further CRM databases (regional offices), as name=prefix.database entries: the"
                  + " source's name in the mapping file, and the topic prefix and database of its"
                  + " raw topics as its own cdc-source names them, e.g. crm-us=crm2.sales. Their"
                  + " customers join the same golden records by "
                  + CUSTOMER_MATCH_COLUMN
                  + " (required); their orders go to the ERP with the name as source system"
                  + " (canonical key name:id). The mapping file must list each name among its"
                  + " sources.")
          .define(
              TOPIC_PARTITIONS,
              Type.INT,
              1,
              ConfigDef.Range.between(1, 1000),
              Importance.MEDIUM,
              "Partitions of the topics this application creates (canonical, commands, internal).")
          .define(
              TOPIC_REPLICATION_FACTOR,
              Type.SHORT,
              (short) 1,
              ConfigDef.Range.between(1, 10),
              Importance.MEDIUM,
              "Replication factor of the topics this application creates.");

  public StreamsAppConfig(Map<?, ?> settings) {
    super(DEFINITION, settings, false);
    if (getLong(COMMIT_BACKLOG_INTERVAL_MS) < getLong(COMMIT_INTERVAL_MS)) {
      throw new org.apache.kafka.common.config.ConfigException(
          COMMIT_BACKLOG_INTERVAL_MS
              + " ("
              + getLong(COMMIT_BACKLOG_INTERVAL_MS)
              + ") must not be shorter than "
              + COMMIT_INTERVAL_MS
              + " ("
              + getLong(COMMIT_INTERVAL_MS)
              + ")");
    }
  }

  public String bootstrapServers() {
    return getString(BOOTSTRAP_SERVERS);
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  public String applicationId() {
    return getString(APPLICATION_ID);
  }

  public Path stateDir() {
    return Path.of(getString(STATE_DIR));
  }

  public int numThreads() {
    return getInt(NUM_THREADS);
  }

  /** How often transactions commit while the application keeps up. */
  public long commitIntervalMs() {
    return getLong(COMMIT_INTERVAL_MS);
  }

  /** The commit pacing: {@link #commitIntervalMs()} keeping up, up to the backlog interval. */
  public CommitPacing commitPacing() {
    return CommitPacing.between(
        java.time.Duration.ofMillis(getLong(COMMIT_INTERVAL_MS)),
        java.time.Duration.ofMillis(getLong(COMMIT_BACKLOG_INTERVAL_MS)));
  }

  public RawTopics rawTopics() {
    return RawTopics.of(getString(TOPIC_PREFIX), getString(DATABASE));
  }

  public EmitSettings emitSettings() {
    return new EmitSettings(
        getString(SOURCE_SYSTEM),
        ErpAction.valueOf(getString(CUSTOMER_DELETE_ACTION)),
        ErpAction.valueOf(getString(ORDER_DELETE_ACTION)),
        java.time.Duration.ofMillis(getLong(TRANSACTION_TIMEOUT_MS)),
        getString(CUSTOMER_EMIT_POLICY).equals("interval")
            ? java.time.Duration.ofMillis(getLong(CUSTOMER_EMIT_INTERVAL_MS))
            : null,
        customerRules(),
        erpCustomers(),
        customerMatchColumn(),
        extraCrmSources(),
        orderRules(),
        erpOrders(),
        getLong(VERSION_EPOCH));
  }

  /** The business key matching customers across CRM databases, or null (keyed by CRM id). */
  public String customerMatchColumn() {
    String column = getString(CUSTOMER_MATCH_COLUMN).trim();
    return column.isEmpty() ? null : column;
  }

  /** The further CRM databases' customer sources, validated against the mapping file. */
  public java.util.List<EmitSettings.CrmSource> extraCrmSources() {
    java.util.List<EmitSettings.CrmSource> sources = new java.util.ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.Set<String> prefixes = new java.util.HashSet<>();
    prefixes.add(getString(TOPIC_PREFIX));
    for (String entry : getList(EXTRA_CRM_SOURCES)) {
      int eq = entry.indexOf('=');
      String name = eq < 0 ? "" : entry.substring(0, eq).trim();
      String topics = eq < 0 ? "" : entry.substring(eq + 1).trim();
      int dot = topics.lastIndexOf('.');
      if (!name.matches("[a-z][a-z0-9-]*") || dot <= 0 || dot == topics.length() - 1) {
        throw new org.apache.kafka.common.config.ConfigException(
            EXTRA_CRM_SOURCES,
            entry,
            "each entry is name=prefix.database, the name in lower case letters, digits and '-'"
                + " (e.g. crm-us=crm2.sales: raw topics crm2.sales.customers, ...,"
                + " crm2.transaction)");
      }
      String prefix = topics.substring(0, dot);
      String database = topics.substring(dot + 1);
      if (name.equals(EmitSettings.CRM_SOURCE)
          || name.equals(EmitSettings.ERP_SOURCE)
          || name.equals("operator")
          || name.equals(getString(SOURCE_SYSTEM))
          || !names.add(name)) {
        throw new org.apache.kafka.common.config.ConfigException(
            EXTRA_CRM_SOURCES,
            entry,
            "source name '"
                + name
                + "' is taken (crm, erp, operator and the first CRM's "
                + SOURCE_SYSTEM
                + " are reserved, each name once): it is the source system of its orders in the"
                + " ERP");
      }
      if (!prefixes.add(prefix)) {
        throw new org.apache.kafka.common.config.ConfigException(
            EXTRA_CRM_SOURCES,
            entry,
            "topic prefix '"
                + prefix
                + "' is already another CRM database's: each database needs its own cdc-source"
                + " prefix (their transaction topics <prefix>.transaction would mix)");
      }
      sources.add(new EmitSettings.CrmSource(name, RawTopics.of(prefix, database)));
    }
    if (sources.isEmpty()) {
      return sources;
    }
    if (customerMatchColumn() == null) {
      throw new org.apache.kafka.common.config.ConfigException(
          EXTRA_CRM_SOURCES,
          getList(EXTRA_CRM_SOURCES),
          "customers of several CRM databases are matched by a business key: set "
              + CUSTOMER_MATCH_COLUMN
              + " (email or tax_id)");
    }
    java.util.List<String> ranking = customerRules().ranking();
    for (EmitSettings.CrmSource source : sources) {
      if (!ranking.contains(source.name())) {
        throw new org.apache.kafka.common.config.ConfigException(
            EXTRA_CRM_SOURCES,
            getList(EXTRA_CRM_SOURCES),
            "source '"
                + source.name()
                + "' is not among the sources of the mapping file ("
                + MAPPING_FILE
                + ": sources "
                + ranking
                + "); list it there so its fields have a policy and a rank");
      }
    }
    return sources;
  }

  /** The ERP's customer table as a second source, or null when none is configured. */
  public EmitSettings.ErpCustomerSource erpCustomers() {
    String topic = getString(ERP_CUSTOMERS_TOPIC).trim();
    if (topic.isEmpty()) {
      return null;
    }
    String table = topic.substring(topic.lastIndexOf('.') + 1);
    return new EmitSettings.ErpCustomerSource(topic, table, getString(ERP_CUSTOMERS_CRM_ID_COLUMN));
  }

  /** The ERP's order table as a source of the order fields it sets, or null when none is set. */
  public EmitSettings.ErpOrderSource erpOrders() {
    String topic = getString(ERP_ORDERS_TOPIC).trim();
    if (topic.isEmpty()) {
      return null;
    }
    String table = topic.substring(topic.lastIndexOf('.') + 1);
    return new EmitSettings.ErpOrderSource(
        topic,
        table,
        getString(ERP_ORDERS_SOURCE_SYSTEM_COLUMN),
        getString(ERP_ORDERS_SOURCE_REF_COLUMN));
  }

  /** The interface tables whose import status is published (none when both topics are empty). */
  public io.crmerpsync.streams.erpstatus.ErpStatusSources erpStatusSources() {
    try {
      return io.crmerpsync.streams.erpstatus.ErpStatusSources.of(
          getString(ERP_STATUS_CUSTOMERS_TOPIC), getString(ERP_STATUS_ORDERS_TOPIC));
    } catch (IllegalArgumentException e) {
      throw new org.apache.kafka.common.config.ConfigException(
          ERP_STATUS_ORDERS_TOPIC, getString(ERP_STATUS_ORDERS_TOPIC), e.getMessage());
    }
  }

  /** The customer policies of the mapping file, or the CRM owning everything without one. */
  public io.crmerpsync.streams.conflict.EntityRules customerRules() {
    io.crmerpsync.streams.conflict.EntityRules rules =
        mappingRules().getOrDefault("customer", EmitSettings.crmOwnsEverything());
    requireErpRanked(ERP_CUSTOMERS_TOPIC, "customers", rules);
    return rules;
  }

  /**
   * Refuses a mapping whose sources do not rank the ERP while {@code topicSetting} makes the ERP a
   * source of {@code entities}: the first ERP change would otherwise stop the application.
   */
  private void requireErpRanked(
      String topicSetting, String entities, io.crmerpsync.streams.conflict.EntityRules rules) {
    if (!getString(topicSetting).isBlank() && !rules.ranking().contains(EmitSettings.ERP_SOURCE)) {
      throw new org.apache.kafka.common.config.ConfigException(
          topicSetting
              + " is set, so the ERP is a source of "
              + entities
              + ", but the sources of "
              + MAPPING_FILE
              + " "
              + getString(MAPPING_FILE)
              + " do not list 'erp': "
              + rules.ranking());
    }
  }

  /**
   * The order policies of the mapping file, or the order's CRM database owning every field without
   * them.
   */
  public io.crmerpsync.streams.conflict.EntityRules orderRules() {
    io.crmerpsync.streams.conflict.EntityRules rules =
        mappingRules().getOrDefault("order", EmitSettings.crmOwnsEveryOrderField());
    java.util.List<io.crmerpsync.streams.conflict.Policy> policies =
        new java.util.ArrayList<>(rules.fields().values());
    policies.add(rules.defaultPolicy());
    for (io.crmerpsync.streams.conflict.Policy policy : policies) {
      if (policy instanceof io.crmerpsync.streams.conflict.Policy.Owner owner
          && !owner.source().equals(EmitSettings.CRM_SOURCE)
          && !owner.source().equals(EmitSettings.ERP_SOURCE)) {
        throw new org.apache.kafka.common.config.ConfigException(
            MAPPING_FILE
                + " "
                + getString(MAPPING_FILE)
                + ": an order field is owned by '"
                + owner.source()
                + "'; an order belongs to one CRM database, so order fields are owned by"
                + " 'crm' (the order's own database) or 'erp'");
      }
    }
    requireErpRanked(ERP_ORDERS_TOPIC, "orders", rules);
    return rules;
  }

  private java.util.Map<String, io.crmerpsync.streams.conflict.EntityRules> mappingRules() {
    String file = getString(MAPPING_FILE).trim();
    if (file.isEmpty()) {
      return java.util.Map.of();
    }
    String yaml;
    try {
      yaml = java.nio.file.Files.readString(Path.of(file));
    } catch (java.io.IOException e) {
      throw new org.apache.kafka.common.config.ConfigException(
          MAPPING_FILE, file, "cannot be read: " + e.getMessage());
    }
    try {
      return mappingRules(yaml, file);
    } catch (io.crmerpsync.streams.conflict.MappingFile.MappingException e) {
      throw new org.apache.kafka.common.config.ConfigException(MAPPING_FILE + " " + e.getMessage());
    }
  }

  /**
   * The rules per entity of a mapping file's text {@code yaml} read from {@code origin}, as the
   * application reads {@code sync.mapping.file}: customers and orders, review for customers only.
   *
   * @throws io.crmerpsync.streams.conflict.MappingFile.MappingException naming the line at fault
   */
  public static java.util.Map<String, io.crmerpsync.streams.conflict.EntityRules> mappingRules(
      String yaml, String origin) {
    return io.crmerpsync.streams.conflict.MappingFile.parse(
        yaml,
        origin,
        java.util.Map.of(
            "customer",
            io.crmerpsync.streams.customer.CustomerFields.POLICY_FIELDS,
            "order",
            io.crmerpsync.streams.order.OrderFields.POLICY_FIELDS),
        java.util.Set.of("customer"));
  }

  /** Off-heap MiB all RocksDB stores share, or 0 for RocksDB's defaults per store. */
  public long rocksDbMemoryMb() {
    return getLong(ROCKSDB_MEMORY_MB);
  }

  /** How the topology routes re-keyed records ({@code streams.topology.routing}). */
  public RoutingSetting topologyRouting() {
    return RoutingSetting.of(getString(TOPOLOGY_ROUTING));
  }

  public int topicPartitions() {
    return getInt(TOPIC_PARTITIONS);
  }

  public short topicReplicationFactor() {
    return getShort(TOPIC_REPLICATION_FACTOR);
  }
}
