package io.crmerpsync.deploy.cli;

import io.crmerpsync.cdc.capture.CdcSource;
import io.crmerpsync.cdc.config.CdcSourceConfig;
import io.crmerpsync.deploy.config.SettingsLoader;
import io.crmerpsync.registry.RegistryConfig;
import io.crmerpsync.registry.SchemaRegistryServer;
import io.crmerpsync.streams.app.StreamsApp;
import io.crmerpsync.streams.app.StreamsAppConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The launcher: {@code demo} runs everything embedded; {@code cdc-source}, {@code streams} and
 * {@code registry} run one component against external Kafka and databases, configured by a
 * properties file ({@code --config}) with environment overrides ({@code SYNC_<SETTING>}); {@code
 * audit}, {@code conflicts}, {@code resync}, {@code reconcile}, {@code replay} and {@code
 * erp-status} are for operators.
 */
@Command(
    name = "crm-erp-sync",
    mixinStandardHelpOptions = true,
    version = "crm-erp-sync 0.1.0",
    description = "Keeps an ERP in step with a CRM through change data capture and Kafka.",
    subcommands = {
      DemoCommand.class,
      Main.CdcSourceCommand.class,
      Main.StreamsCommand.class,
      Main.RegistryCommand.class,
      Main.AuditCommand.class,
      ConflictsCommand.class,
      ResyncCommand.class,
      ReconcileCommand.class,
      ReplayCommand.class,
      ErpStatusCommand.class,
      Main.ConfigReferenceCommand.class
    })
public final class Main implements Callable<Integer> {

  /** Exit code for bad configuration or arguments. */
  static final int CONFIG_ERROR = 2;

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    int code = commandLine(System.out, System.err).execute(args);
    // Kafka and Debezium leave non-daemon threads behind after a failure: exit explicitly.
    System.exit(code);
  }

  /** The command line, with clear one-line errors for bad configuration. */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cli =
        new CommandLine(
            new Main(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                if (type == DemoCommand.class) {
                  return type.cast(new DemoCommand(out));
                }
                return CommandLine.defaultFactory().create(type);
              }
            });
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
            err.println("configuration error: " + e.getMessage());
            return CONFIG_ERROR;
          }
          err.println("failed: " + e);
          e.printStackTrace(err);
          return 1;
        });
    return cli;
  }

  /** Options shared by the single-component commands. */
  static class ComponentOptions {
    @Option(
        names = {"-c", "--config"},
        description = "Properties file with the component's settings (see deploy/config/).")
    Path config;

    @Option(
        names = "--metrics-port",
        defaultValue = "0",
        description = "Port of the Prometheus endpoint /metrics (default: any free port).")
    int metricsPort;

    Map<String, String> settings(ConfigDef def) {
      return SettingsLoader.load(config, System.getenv(), def);
    }
  }

  @Command(
      name = "cdc-source",
      mixinStandardHelpOptions = true,
      description = "Capture the CRM database's binlog into raw change topics (Debezium).")
  static final class CdcSourceCommand implements Callable<Integer> {
    @CommandLine.Mixin ComponentOptions options = new ComponentOptions();

    @Override
    public Integer call() throws Exception {
      CdcSourceConfig config = new CdcSourceConfig(options.settings(CdcSourceConfig.configDef()));
      return ComponentRunner.run(
          "cdc-source",
          options.metricsPort,
          meters -> {
            CdcSource source = CdcSource.start(config, meters);
            return ComponentRunner.Running.of(source, source::isRunning);
          },
          System.out);
    }
  }

  @Command(
      name = "streams",
      mixinStandardHelpOptions = true,
      description = "Run the sync topology: raw changes to canonical topics and ERP commands.")
  static final class StreamsCommand implements Callable<Integer> {
    @CommandLine.Mixin ComponentOptions options = new ComponentOptions();

    @Override
    public Integer call() throws Exception {
      StreamsAppConfig config = new StreamsAppConfig(options.settings(StreamsAppConfig.DEFINITION));
      return ComponentRunner.run(
          "streams",
          options.metricsPort,
          meters -> {
            StreamsApp app = StreamsApp.start(config, meters);
            return ComponentRunner.Running.of(app, app::isRunning);
          },
          System.out);
    }
  }

  @Command(
      name = "registry",
      mixinStandardHelpOptions = true,
      description = "Serve the schema registry (Confluent REST API subset), stored in Kafka.")
  static final class RegistryCommand implements Callable<Integer> {
    @CommandLine.Mixin ComponentOptions options = new ComponentOptions();

    @Override
    public Integer call() throws Exception {
      RegistryConfig config = RegistryConfig.from(options.settings(RegistryConfig.CONFIG_DEF));
      return ComponentRunner.run(
          "registry",
          options.metricsPort,
          meters -> {
            SchemaRegistryServer server = SchemaRegistryServer.start(config, meters);
            System.out.println("schema registry at " + server.baseUri());
            return ComponentRunner.Running.of(server, () -> true);
          },
          System.out);
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = {
        "Show what the pipeline decided about one CRM row, and why (from sync.audit.v1).",
        "Example: audit --bootstrap-servers localhost:9092 --registry-url http://localhost:8081"
            + " --table customers --key 42"
      })
  static final class AuditCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka brokers.")
    String bootstrapServers;

    @Option(names = "--registry-url", required = true, description = "Schema registry URL.")
    String registryUrl;

    @Option(
        names = "--table",
        required = true,
        description = "CRM table, e.g. customers; <source>.customers for another CRM database's.")
    String table;

    @Option(
        names = "--key",
        required = true,
        description = "Primary key: a number (for an 'id' column) or the key as JSON.")
    String key;

    @Override
    public Integer call() {
      String trimmed = key.trim();
      String keyJson;
      if (trimmed.startsWith("{")) {
        keyJson = trimmed;
      } else if (trimmed.matches("-?\\d+")) {
        keyJson = "{\"id\":" + trimmed + "}";
      } else {
        throw new IllegalArgumentException(
            "--key must be a number or a JSON object such as {\"id\":42}, was '" + key + "'");
      }
      var events =
          new io.crmerpsync.deploy.audit.AuditReader(
                  bootstrapServers,
                  new io.crmerpsync.schemas.wire.RestSchemaRegistryClient(registryUrl))
              .eventsOf(table, keyJson);
      java.io.PrintWriter out = spec.commandLine().getOut();
      if (events.isEmpty()) {
        out.println("no audit events for " + table + " " + keyJson);
      }
      for (var event : events) {
        out.printf(
            "%s %-20s op=%-6s position=%-22s version=%-4s %s%n",
            event.getDecidedAt(),
            event.getDecision(),
            event.getOperation() == null ? "-" : event.getOperation(),
            event.getPosition() == null ? "-" : event.getPosition(),
            event.getVersion() == null ? "-" : event.getVersion(),
            event.getRule());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "config-reference",
      mixinStandardHelpOptions = true,
      description = "Print every setting of every component as Markdown tables.")
  static final class ConfigReferenceCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().print(ConfigReference.markdown());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
