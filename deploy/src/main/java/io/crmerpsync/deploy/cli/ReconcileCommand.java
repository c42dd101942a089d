package io.crmerpsync.deploy.cli;

import io.crmerpsync.deploy.kafka.OperatorKafka;
import io.crmerpsync.deploy.reconcile.CrmDrift;
import io.crmerpsync.deploy.reconcile.CrmReconciliation;
import io.crmerpsync.deploy.reconcile.CrmTable;
import io.crmerpsync.deploy.reconcile.Drift;
import io.crmerpsync.deploy.reconcile.ErpVersions;
import io.crmerpsync.deploy.reconcile.Recapture;
import io.crmerpsync.deploy.reconcile.VersionReconciliation;
import io.crmerpsync.deploy.resync.ResyncClient;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.canonical.Customer;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.streams.app.StreamsAppConfig;
import io.crmerpsync.streams.conflict.EntityRules;
import io.crmerpsync.streams.conflict.MappingFile;
import io.crmerpsync.streams.conflict.Policy;
import io.crmerpsync.streams.customer.CustomerFields;
import io.crmerpsync.streams.customer.ResyncRequest;
import io.crmerpsync.streams.topology.EmitSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reconcile customers} and {@code reconcile orders}: compare what the pipeline last sent the
 * ERP with what the ERP's interface table holds, report the drift per key and, with {@code
 * --repair}, resync the keys a resync repairs. Exit codes: 0 no drift (or all of it repaired by
 * requests written), 3 drift found and not repaired, 1 Kafka or the ERP failed, 2 bad arguments.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description =
        "Compare the pipeline's last commands with the ERP's interface tables and report the"
            + " drift per key; optionally repair it by resync.",
    subcommands = {ReconcileCommand.CustomersCommand.class, ReconcileCommand.OrdersCommand.class})
final class ReconcileCommand extends GroupCommand {
  /** Exit code when drift was found and not (all) repaired. */
  static final int DRIFT = 3;

  /** At most this many drifted keys are listed; the counts cover all. */
  static final int LISTED = 100;

  /** The options and the run both subcommands share; a subcommand names its topics and table. */
  abstract static class Subcommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--registry-url", required = true, description = "Schema registry URL.")
    String registryUrl;

    @Option(names = "--erp-url", required = true, description = "JDBC URL of the ERP database.")
    String erpUrl;

    @Option(names = "--erp-user", required = true, description = "ERP database user.")
    String erpUser;

    @Option(
        names = "--erp-password-env",
        defaultValue = "SYNC_ERP_PASSWORD",
        description =
            "Environment variable holding the ERP database password (default: ${DEFAULT-VALUE});"
                + " unset means no password.")
    String erpPasswordEnv;

    @Option(
        names = "--erp-schema",
        defaultValue = "erp",
        description = "Schema of the interface tables (default: ${DEFAULT-VALUE}).")
    String erpSchema;

    @Option(
        names = "--source-system",
        defaultValue = EmitSettings.CRM_SOURCE,
        description = "The source system whose records are compared (default: ${DEFAULT-VALUE}).")
    String sourceSystem;

    @Option(
        names = "--repair",
        description = "Resync the records missing in the ERP or behind (needs --reason).")
    boolean repair;

    @Option(names = "--reason", description = "Why, for the audit trail of a repair.")
    String reason;

    @Option(
        names = "--by",
        defaultValue = "${sys:user.name}",
        description = "Who repairs (default: your user name, ${DEFAULT-VALUE}).")
    String by;

    /** What the records are called in messages: "customer", "order". */
    abstract String noun();

    abstract String commandsTopic();

    abstract String interfaceTable();

    /** Writes resync requests for {@code refs} (source refs of {@link #sourceSystem}). */
    abstract long resync(
        ResyncClient client, List<String> refs, ResyncRequest request, PrintWriter out);

    @Override
    public Integer call() {
      if (repair && (reason == null || reason.isBlank())) {
        throw new IllegalArgumentException("--repair needs --reason, for the audit trail");
      }
      if (!repair && reason != null) {
        throw new IllegalArgumentException("--reason goes with --repair");
      }
      validate();
      Duration timeout = kafka.timeout();
      PrintWriter out = spec.commandLine().getOut();
      try {
        out.printf("reading %s ...%n", commandsTopic());
        out.flush();
        Map<String, Long> sent =
            ErpVersions.sent(
                new OperatorKafka(kafka.bootstrapServers, timeout),
                new RestSchemaRegistryClient(registryUrl),
                commandsTopic(),
                sourceSystem,
                counted(out, "records read"));
        Map<String, Long> erp;
        try (Connection connection =
            DriverManager.getConnection(erpUrl, erpUser, System.getenv(erpPasswordEnv))) {
          erp = ErpVersions.inErp(connection, erpSchema, interfaceTable(), sourceSystem);
        } catch (SQLException e) {
          throw new IllegalStateException(
              "cannot read "
                  + erpSchema
                  + "."
                  + interfaceTable()
                  + " at "
                  + erpUrl
                  + ": "
                  + e.getMessage(),
              e);
        }
        List<Drift> drifts = VersionReconciliation.compare(sent, erp);
        report(out, sent.size(), erp.size(), drifts);
        long left = drifts.size();
        if (!drifts.isEmpty()) {
          List<String> repairable =
              drifts.stream().filter(d -> d.kind().repairedByResync()).map(Drift::key).toList();
          if (!repair) {
            out.printf(
                "%,d of them a resync repairs: run again with --repair --reason ...%n",
                repairable.size());
          } else {
            long written =
                resync(
                    new ResyncClient(kafka.bootstrapServers, timeout),
                    repairable,
                    new ResyncRequest(by, reason, Instant.now().toEpochMilli()),
                    out);
            out.printf(
                "repair: %,d resync requests written; reconcile again once the pipeline has"
                    + " delivered them%n",
                written);
            left -= written;
          }
        }
        left += crmDrift(out, timeout);
        return left == 0 ? 0 : DRIFT;
      } catch (IllegalStateException e) {
        return GroupCommand.failed(spec, e);
      } finally {
        out.flush();
      }
    }

    private void report(PrintWriter out, int sent, int inErp, List<Drift> drifts) {
      Map<Drift.Kind, Integer> counts = new EnumMap<>(Drift.Kind.class);
      drifts.forEach(d -> counts.merge(d.kind(), 1, Integer::sum));
      for (Drift drift : drifts.subList(0, Math.min(LISTED, drifts.size()))) {
        out.printf(
            "%s %s: %s (sent version %s, ERP version %s)%n",
            noun(),
            drift.key(),
            drift.kind(),
            drift.sentVersion() == null ? "-" : drift.sentVersion(),
            drift.erpVersion() == null ? "-" : drift.erpVersion());
      }
      if (drifts.size() > LISTED) {
        out.printf("... and %,d more%n", drifts.size() - LISTED);
      }
      out.printf(
          "%,d %ss sent, %,d rows in the ERP: %s%n",
          sent,
          noun(),
          inErp,
          drifts.isEmpty() ? "no drift" : drifts.size() + " drifted " + counts);
    }

    /**
     * Compares the CRM's table with the canonical records when asked to, prints that drift, repairs
     * what it can with {@code --repair}, and returns the number of rows it leaves drifted (not
     * counting those asked to be read again); 0 when the CRM is not compared.
     */
    int crmDrift(PrintWriter out, Duration timeout) {
      return 0;
    }

    /** Checks a subcommand's own options before anything is read or written. */
    void validate() {}

    /** Prints the number of resync requests written so far. */
    static LongConsumer progress(PrintWriter out) {
      return counted(out, "resync requests written");
    }

    /** Prints a count of {@code what} as progress: " 12,000 rows read". */
    static LongConsumer counted(PrintWriter out, String what) {
      return count -> {
        out.printf("  %,d %s%n", count, what);
        out.flush();
      };
    }
  }

  @Command(
      name = "customers",
      mixinStandardHelpOptions = true,
      description = {
        "Compare, per customer, the version of the last ERP command the pipeline sent ("
            + Topics.ERP_COMMANDS_CUSTOMERS
            + ") with the source_version of the ERP's customer_iface row. A clean run reports"
            + " zero drift. With --repair, customers missing in the ERP or behind are resynced"
            + " (resync customers), each audited. With --crm-url, the CRM's customers table is"
            + " compared with the canonical customers too: rows the pipeline is missing"
            + " (MISSING_IN_PIPELINE), rows the CRM deleted that the pipeline still holds"
            + " (DELETED_IN_CRM), and fields the CRM owns that differ (DIFFERS_FROM_CRM).",
        "Example: reconcile customers --bootstrap-servers localhost:9092 --registry-url"
            + " http://localhost:8081 --erp-url jdbc:postgresql://localhost:5432/erp --erp-user"
            + " erp"
      })
  static final class CustomersCommand extends Subcommand {
    /** The CRM columns compared when the CRM owns them: all but the key and the timestamps. */
    static final List<String> COMPARED =
        CustomerFields.ALL.stream()
            .filter(c -> !c.equals("id") && !c.equals("created_at") && !c.equals("updated_at"))
            .toList();

    @Option(
        names = "--crm-url",
        description =
            "JDBC URL of the CRM database (e.g. jdbc:mariadb://crm:3306/sales): also compare its"
                + " customers table with the canonical customers ("
                + Topics.CANONICAL_CUSTOMERS
                + "), row by row and field by field.")
    String crmUrl;

    @Option(names = "--crm-user", description = "CRM database user (with --crm-url).")
    String crmUser;

    @Option(
        names = "--crm-password-env",
        defaultValue = "SYNC_CRM_PASSWORD",
        description =
            "Environment variable holding the CRM database password (default: ${DEFAULT-VALUE});"
                + " unset means no password.")
    String crmPasswordEnv;

    @Option(
        names = "--crm-table",
        defaultValue = "customers",
        description = "The CRM's customers table (default: ${DEFAULT-VALUE}).")
    String crmTable;

    @Option(
        names = "--crm-topic-prefix",
        defaultValue = "crm",
        description =
            "crm.topic.prefix of the CRM database's capture, under which it takes signals"
                + " (default: ${DEFAULT-VALUE}).")
    String crmTopicPrefix;

    @Option(
        names = "--signal-topic",
        defaultValue = "sync.cdc.signals.v1",
        description =
            "cdc.signal.topic of the CRM database's capture, where --repair asks it to read rows"
                + " again (default: ${DEFAULT-VALUE}).")
    String signalTopic;

    @Option(
        names = "--mapping",
        description =
            "The mapping file the streams application runs with (sync.mapping.file): only the"
                + " fields --source-system owns are compared with the CRM, the others may rightly"
                + " hold another source's value. Without it the CRM owns every field, as in the"
                + " application.")
    Path mapping;

    @Option(
        names = "--crm-source",
        defaultValue = EmitSettings.CRM_SOURCE,
        description =
            "The CRM database's name in the mapping file, whose fields are compared (default:"
                + " ${DEFAULT-VALUE}, the first CRM database; another one: its name in"
                + " sync.extra.crm.sources, with --source-system and --crm-topic-prefix).")
    String crmSource;

    /** The compared columns the CRM database owns; set by {@link #validate()}. */
    private List<String> owned = List.of();

    @Override
    void validate() {
      if (crmUrl == null) {
        if (crmUser != null || mapping != null) {
          throw new IllegalArgumentException("--crm-user and --mapping go with --crm-url");
        }
        return;
      }
      if (crmUser == null) {
        throw new IllegalArgumentException("--crm-url needs --crm-user");
      }
      owned = ownedColumns(mapping, crmSource);
    }

    @Override
    int crmDrift(PrintWriter out, Duration timeout) {
      if (crmUrl == null) {
        return 0;
      }
      List<String> columns = new ArrayList<>();
      columns.add("id");
      columns.addAll(COMPARED);
      out.printf("reading %s ...%n", Topics.CANONICAL_CUSTOMERS);
      out.flush();
      Map<String, Customer> canonical =
          CrmTable.canonicalCustomers(
              new OperatorKafka(kafka.bootstrapServers, timeout),
              new RestSchemaRegistryClient(registryUrl),
              Topics.CANONICAL_CUSTOMERS,
              counted(out, "records read"));
      out.printf("reading %s at %s ...%n", crmTable, crmUrl);
      out.flush();
      Map<String, Map<String, Object>> rows;
      String dataCollection;
      try (Connection connection =
          DriverManager.getConnection(crmUrl, crmUser, System.getenv(crmPasswordEnv))) {
        dataCollection =
            crmTable.contains(".") ? crmTable : connection.getCatalog() + "." + crmTable;
        rows = CrmTable.rows(connection, crmTable, columns, counted(out, "rows read"));
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot read " + crmTable + " at " + crmUrl + ": " + e.getMessage(), e);
      }
      CrmReconciliation.Result result =
          CrmReconciliation.compareCustomers(
              rows, canonical, sourceSystem, EmitSettings.CRM_SOURCE.equals(crmSource), owned);
      List<CrmDrift> drifts = result.drifts();
      Map<CrmDrift.Kind, Integer> counts = new EnumMap<>(CrmDrift.Kind.class);
      drifts.forEach(d -> counts.merge(d.kind(), 1, Integer::sum));
      for (CrmDrift drift : drifts.subList(0, Math.min(LISTED, drifts.size()))) {
        out.printf(
            "customer %s%s: %s%s%n",
            drift.ref(),
            drift.key() == null ? "" : " (key " + drift.key() + ")",
            drift.kind(),
            drift.fields().isEmpty()
                ? ""
                : drift.fields().stream()
                    .map(
                        f ->
                            f.field()
                                + " CRM "
                                + quoted(f.crm())
                                + ", pipeline "
                                + quoted(f.pipeline()))
                    .collect(java.util.stream.Collectors.joining("; ", " ", "")));
        if (drift.kind() == CrmDrift.Kind.DELETED_IN_CRM) {
          out.printf(
              "  replay: %s%n",
              CrmReconciliation.replayDeletion(
                  crmTable,
                  drift.ref().substring(sourceSystem.length() + 1),
                  canonical.get(drift.key()),
                  COMPARED));
        }
      }
      if (drifts.size() > LISTED) {
        out.printf("... and %,d more%n", drifts.size() - LISTED);
      }
      if (owned.isEmpty()) {
        out.printf(
            "%s owns none of the compared fields under %s: only rows are compared%n",
            crmSource, mapping == null ? "the default (the first CRM owns every field)" : mapping);
      }
      if (result.notCompared() > 0) {
        out.printf(
            "%,d rows merged with other rows of this database into one customer: their fields"
                + " are not compared%n",
            result.notCompared());
      }
      out.printf(
          "%,d CRM rows, %,d canonical customers, fields compared %s: %s%n",
          rows.size(),
          canonical.size(),
          owned,
          drifts.isEmpty() ? "no drift" : drifts.size() + " drifted " + counts);
      List<Recapture.Row> recapturable =
          drifts.stream()
              .filter(d -> d.kind() != CrmDrift.Kind.DELETED_IN_CRM)
              .map(d -> new Recapture.Row(d.ref().substring(sourceSystem.length() + 1), finding(d)))
              .toList();
      int deleted = drifts.size() - recapturable.size();
      if (deleted > 0) {
        out.printf(
            "%,d rows deleted in the CRM are still held by the pipeline: no capture can read a"
                + " deletion again; replay each through the binlog with the statements printed"
                + " (runbook: Reconcile, the CRM side)%n",
            deleted);
      }
      if (recapturable.isEmpty()) {
        return drifts.size();
      }
      if (!repair) {
        out.printf(
            "%,d of them the CRM capture repairs by reading them again: run again with --repair"
                + " --reason ...%n",
            recapturable.size());
        return drifts.size();
      }
      int signals =
          Recapture.request(
              new OperatorKafka(kafka.bootstrapServers, timeout),
              new RestSchemaRegistryClient(registryUrl),
              signalTopic,
              crmTopicPrefix,
              dataCollection,
              // The audit trail's table, as the streams application names this database's rows.
              EmitSettings.CRM_SOURCE.equals(crmSource) ? "customers" : crmSource + ".customers",
              sourceSystem,
              recapturable,
              by,
              reason);
      out.printf(
          "repair: %,d CRM rows to be read again by %s's capture (%,d blocking snapshot signals on"
              + " %s); reconcile again once the pipeline has delivered them%n",
          recapturable.size(), crmTopicPrefix, signals, signalTopic);
      return deleted;
    }

    private static String finding(CrmDrift drift) {
      return drift.fields().isEmpty()
          ? drift.kind().name()
          : drift.kind()
              + " "
              + drift.fields().stream()
                  .map(CrmDrift.FieldDifference::field)
                  .collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * The compared columns the CRM database {@code crmSource} (its mapping name) owns under {@code
     * mapping}; without one, as in the application, the first CRM database owns every field.
     */
    static List<String> ownedColumns(Path mapping, String crmSource) {
      EntityRules rules = EmitSettings.crmOwnsEverything();
      if (mapping != null) {
        try {
          rules =
              StreamsAppConfig.mappingRules(Files.readString(mapping), mapping.toString())
                  .getOrDefault("customer", rules);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read the mapping file " + mapping + ": " + e);
        } catch (MappingFile.MappingException e) {
          throw new IllegalArgumentException("mapping file " + e.getMessage());
        }
      }
      EntityRules customer = rules;
      return COMPARED.stream()
          .filter(
              column ->
                  customer.policyOf(column) instanceof Policy.Owner owner
                      && owner.source().equals(crmSource))
          .toList();
    }

    private static String quoted(String value) {
      return value == null ? "NULL" : "\"" + value + "\"";
    }

    @Override
    String noun() {
      return "customer";
    }

    @Override
    String commandsTopic() {
      return Topics.ERP_COMMANDS_CUSTOMERS;
    }

    @Override
    String interfaceTable() {
      return "customer_iface";
    }

    @Override
    long resync(ResyncClient client, List<String> refs, ResyncRequest request, PrintWriter out) {
      return client.write(refs, request, progress(out));
    }
  }

  @Command(
      name = "orders",
      mixinStandardHelpOptions = true,
      description = {
        "Compare, per order, the version of the last ERP command the pipeline sent ("
            + Topics.ERP_COMMANDS_ORDERS
            + ") with the source_version of the ERP's order_iface row. With --repair, orders"
            + " missing in the ERP or behind are resynced (resync orders), each audited. Another"
            + " CRM database's orders: --source-system and --crm-source with its name.",
        "Example: reconcile orders --source-system crm-us --bootstrap-servers localhost:9092"
            + " --registry-url http://localhost:8081 --erp-url"
            + " jdbc:postgresql://localhost:5432/erp --erp-user erp"
      })
  static final class OrdersCommand extends Subcommand {
    @Option(
        names = "--crm-source",
        defaultValue = EmitSettings.CRM_SOURCE,
        description =
            "The CRM database's name in the mapping file, where --repair sends the requests"
                + " (default: ${DEFAULT-VALUE}, the first CRM database).")
    String crmSource;

    @Override
    String noun() {
      return "order";
    }

    @Override
    String commandsTopic() {
      return Topics.ERP_COMMANDS_ORDERS;
    }

    @Override
    String interfaceTable() {
      return "order_iface";
    }

    @Override
    long resync(ResyncClient client, List<String> refs, ResyncRequest request, PrintWriter out) {
      // The first CRM database's orders are keyed by id; another database's by SOURCE:ID.
      List<String> orderKeys =
          EmitSettings.CRM_SOURCE.equals(crmSource)
              ? refs
              : refs.stream().map(ref -> crmSource + ":" + ref).toList();
      long written = 0;
      for (Map.Entry<ResyncCommand.Subcommand.Route, List<String>> route :
          ResyncCommand.OrdersCommand.routesOf(orderKeys).entrySet()) {
        written +=
            client.write(
                route.getKey().topic(),
                route.getKey().keyedLike(),
                route.getValue(),
                request,
                progress(out));
      }
      return written;
    }
  }
}
