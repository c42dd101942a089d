package io.crmerpsync.deploy.cli;

import io.crmerpsync.deploy.kafka.OperatorKafka;
import io.crmerpsync.deploy.reconcile.Canonical;
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
import io.crmerpsync.schemas.canonical.Order;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.streams.customer.CustomerFields;
import io.crmerpsync.streams.customer.ResyncRequest;
import io.crmerpsync.streams.topology.EmitSettings;
import java.io.PrintWriter;
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
 * ERP with what the ERP's interface table holds, and with {@code --crm-url} the CRM's tables with
 * the canonical records; report the drift per key and, with {@code --repair}, resync the keys a
 * resync repairs and have the CRM's capture read again the rows a read repairs. Exit codes: 0 no
 * drift (or all of it repaired by requests written), 3 drift found and not repaired, 1 Kafka or a
 * database failed, 2 bad arguments.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description =
        "Compare the pipeline's last commands with the ERP's interface tables, and the CRM's"
            + " tables with the canonical records, and report the drift per key; optionally"
            + " repair it (resync, or the CRM's capture reading rows again).",
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
    @CommandLine.Mixin CrmOptions crm = new CrmOptions();

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

    /** The commands' payload record (ErpCustomer, ErpOrder), whose columns the ERP's row holds. */
    abstract org.apache.avro.Schema payloadSchema();

    abstract String interfaceTable();

    /** The interface table of the records' lines (order_line_iface), null when they have none. */
    String interfaceLinesTable() {
      return null;
    }

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
        OperatorKafka operator = new OperatorKafka(kafka.bootstrapServers, timeout);
        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(registryUrl);
        Map<String, ErpVersions.Held> sentHeld =
            ErpVersions.sent(
                operator,
                registry,
                commandsTopic(),
                sourceSystem,
                payloadSchema(),
                counted(out, "records read"));
        // With the ERP's status capture, the importer's reports tell which rows it took; one that
        // removes the rows it processed leaves none behind them.
        Map<String, Long> imported = Map.of();
        if (operator.hasTopic(Topics.ERP_STATUS)) {
          out.printf("reading %s ...%n", Topics.ERP_STATUS);
          out.flush();
          imported =
              ErpVersions.imported(
                  operator,
                  registry,
                  Topics.ERP_STATUS,
                  noun(),
                  sourceSystem,
                  counted(out, "reports read"));
        }
        Map<String, ErpVersions.Held> erpHeld;
        try (Connection connection =
            DriverManager.getConnection(erpUrl, erpUser, System.getenv(erpPasswordEnv))) {
          erpHeld =
              ErpVersions.inErp(
                  connection,
                  erpSchema,
                  interfaceTable(),
                  interfaceLinesTable(),
                  sourceSystem,
                  payloadSchema());
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
        List<Drift> drifts = VersionReconciliation.compare(sentHeld, erpHeld, imported);
        long removed = VersionReconciliation.removedAfterImport(sentHeld, erpHeld, imported);
        if (removed > 0) {
          out.printf(
              "%,d %ss imported by the ERP and since removed from %s by its importer (%s"
                  + " reports SUCCESS at the version last sent): not drift%n",
              removed, noun(), interfaceTable(), Topics.ERP_STATUS);
        }
        report(out, sentHeld.size(), erpHeld.size(), drifts);
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

    /** The CRM's compared columns this database owns; set by {@link #validate()}. */
    List<String> owned = List.of();

    /** Checks the options before anything is read or written. */
    void validate() {
      crm.validate();
      if (crm.enabled()) {
        owned = crm.ownedColumns(entity(), comparedColumns());
      }
    }

    /** The mapping file's entity: {@code customer}, {@code order}. */
    String entity() {
      return noun();
    }

    /** The CRM columns compared when the database owns them. */
    abstract List<String> comparedColumns();

    /** What comparing the CRM found, and how to read its rows again. */
    record CrmComparison(
        CrmReconciliation.Result result,
        long crmRows,
        int canonicalRecords,
        List<Recapture.Table> tables,
        String auditTable) {}

    /** Every live record of the canonical {@code topic}, with progress. */
    <T extends org.apache.avro.specific.SpecificRecord> Canonical<T> canonical(
        PrintWriter out, Duration timeout, String topic, Class<T> type) {
      out.printf("reading %s ...%n", topic);
      out.flush();
      return CrmTable.canonical(
          new OperatorKafka(kafka.bootstrapServers, timeout),
          new RestSchemaRegistryClient(registryUrl),
          topic,
          type,
          counted(out, "records read"));
    }

    /** Reads the CRM's table(s) and the canonical records and compares them. */
    abstract CrmComparison compareWithCrm(PrintWriter out, Duration timeout) throws SQLException;

    /**
     * Compares the CRM's table(s) with the canonical records when asked to, prints that drift,
     * repairs what it can with {@code --repair}, and returns the number of records it leaves
     * drifted (not counting those asked to be read again); 0 when the CRM is not compared.
     */
    int crmDrift(PrintWriter out, Duration timeout) {
      if (!crm.enabled()) {
        return 0;
      }
      CrmComparison comparison;
      try {
        comparison = compareWithCrm(out, timeout);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot read the CRM at " + crm.url + ": " + e.getMessage(), e);
      }
      List<CrmDrift> drifts = comparison.result().drifts();
      Map<CrmDrift.Kind, Integer> counts = new EnumMap<>(CrmDrift.Kind.class);
      drifts.forEach(d -> counts.merge(d.kind(), 1, Integer::sum));
      for (CrmDrift drift : drifts.subList(0, Math.min(LISTED, drifts.size()))) {
        out.printf(
            "%s %s%s: %s%s%n",
            noun(),
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
        if (drift.replay() != null) {
          out.printf("  replay: %s%n", drift.replay());
        }
      }
      if (drifts.size() > LISTED) {
        out.printf("... and %,d more%n", drifts.size() - LISTED);
      }
      if (owned.isEmpty()) {
        out.printf(
            "%s owns none of the compared fields under %s: only rows are compared%n",
            crm.source,
            crm.mapping == null ? "the default (the first CRM owns every field)" : crm.mapping);
      }
      if (comparison.result().notCompared() > 0) {
        out.printf(
            "%,d rows merged with other rows of this database into one %s: their fields are not"
                + " compared%n",
            comparison.result().notCompared(), noun());
      }
      out.printf(
          "%,d CRM rows, %,d canonical %ss, fields compared %s: %s%n",
          comparison.crmRows(),
          comparison.canonicalRecords(),
          noun(),
          owned,
          drifts.isEmpty() ? "no drift" : drifts.size() + " drifted " + counts);
      long replays = drifts.stream().filter(d -> d.replay() != null).count();
      if (replays > 0) {
        out.printf(
            "%,d of them hold a deletion in the CRM the pipeline never saw: no capture can read a"
                + " deletion again; replay each through the binlog with the statements printed"
                + " under it%s (runbook: Reconcile, the CRM side)%n",
            replays,
            drifts.size() > LISTED ? ", then reconcile again for the ones not listed" : "");
      }
      List<Recapture.Row> recapturable =
          drifts.stream()
              .filter(d -> d.kind() != CrmDrift.Kind.DELETED_IN_CRM)
              .map(d -> new Recapture.Row(d.ref().substring(sourceSystem.length() + 1), finding(d)))
              .toList();
      // What a read cannot repair: deleted records, and deleted order lines.
      int unreadable = (int) replays;
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
              crm.signalTopic,
              crm.topicPrefix,
              comparison.tables(),
              comparison.auditTable(),
              sourceSystem,
              recapturable,
              by,
              reason);
      out.printf(
          "repair: %,d CRM rows to be read again by %s's capture (%,d blocking snapshot signals on"
              + " %s); reconcile again once the pipeline has delivered them%n",
          recapturable.size(), crm.topicPrefix, signals, crm.signalTopic);
      return unreadable;
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

    private static String quoted(String value) {
      return value == null ? "NULL" : "\"" + value + "\"";
    }

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

    @Override
    List<String> comparedColumns() {
      return COMPARED;
    }

    @Override
    CrmComparison compareWithCrm(PrintWriter out, Duration timeout) throws SQLException {
      String table = crm.table("customers");
      Canonical<Customer> canonical =
          canonical(out, timeout, Topics.CANONICAL_CUSTOMERS, Customer.class);
      out.printf("reading %s at %s ...%n", table, crm.url);
      out.flush();
      List<String> columns = new ArrayList<>();
      columns.add("id");
      columns.addAll(COMPARED);
      try (Connection connection = crm.connect()) {
        String dataCollection = CrmOptions.dataCollection(connection, table);
        CrmReconciliation.Customers comparison =
            new CrmReconciliation.Customers(canonical, sourceSystem, crm.first(), owned);
        long rows =
            CrmTable.forEachRow(
                connection, table, columns, "id", comparison::row, counted(out, "rows read"));
        CrmReconciliation.Result result = comparison.finish();
        List<CrmDrift> drifts =
            result.drifts().stream()
                .map(
                    d ->
                        d.kind() == CrmDrift.Kind.DELETED_IN_CRM
                            ? new CrmDrift(
                                d.ref(),
                                d.key(),
                                d.kind(),
                                d.fields(),
                                CrmReconciliation.replayDeletion(
                                    table,
                                    d.ref().substring(sourceSystem.length() + 1),
                                    canonical.get(d.key()),
                                    COMPARED))
                            : d)
                .toList();
        return new CrmComparison(
            new CrmReconciliation.Result(drifts, result.notCompared()),
            rows,
            canonical.size(),
            List.of(new Recapture.Table(dataCollection, "id")),
            crm.auditTable("customers"));
      }
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
    org.apache.avro.Schema payloadSchema() {
      return io.crmerpsync.schemas.erp.ErpCustomer.getClassSchema();
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
            + " missing in the ERP or behind are resynced (resync orders), each audited. With"
            + " --crm-url, the CRM's orders and order_lines are compared with the canonical orders"
            + " too (owned header columns, every line). Another CRM database's orders:"
            + " --source-system and --crm-source with its name.",
        "Example: reconcile orders --source-system crm-us --bootstrap-servers localhost:9092"
            + " --registry-url http://localhost:8081 --erp-url"
            + " jdbc:postgresql://localhost:5432/erp --erp-user erp"
      })
  static final class OrdersCommand extends Subcommand {
    /** The CRM header columns compared when the database owns them: all but key and timestamps. */
    static final List<String> COMPARED =
        List.of(
            "order_number",
            "customer_id",
            "status",
            "currency",
            "total_amount",
            "shipping_street",
            "shipping_city",
            "shipping_postal_code",
            "shipping_country_code");

    @Override
    List<String> comparedColumns() {
      return COMPARED;
    }

    @Override
    CrmComparison compareWithCrm(PrintWriter out, Duration timeout) throws SQLException {
      String table = crm.table("orders");
      String linesTable = CrmOptions.beside(table, "order_lines");
      Canonical<Order> canonical = canonical(out, timeout, Topics.CANONICAL_ORDERS, Order.class);
      out.printf("reading %s and %s at %s ...%n", table, linesTable, crm.url);
      out.flush();
      List<String> columns = new ArrayList<>();
      columns.add("id");
      columns.addAll(COMPARED);
      List<String> lineColumns = new ArrayList<>(List.of("id", "order_id", "line_no"));
      lineColumns.addAll(CrmReconciliation.LINE_COLUMNS);
      CrmReconciliation.Orders comparison =
          new CrmReconciliation.Orders(
              canonical,
              sourceSystem,
              crm.first() ? "" : crm.source + ":",
              owned,
              COMPARED,
              table,
              linesTable);
      LongConsumer progress = counted(out, "orders read");
      long read = 0;
      // Orders and their lines streamed side by side, both in order id order (a streamed result
      // holds its connection, hence two).
      try (Connection headerConnection = crm.connect();
          Connection lineConnection = crm.connect();
          CrmTable.Rows headers = new CrmTable.Rows(headerConnection, table, columns, "id");
          CrmTable.Rows lines =
              new CrmTable.Rows(lineConnection, linesTable, lineColumns, "order_id, id")) {
        Map<String, Object> line = lines.next();
        for (Map<String, Object> header = headers.next(); header != null; header = headers.next()) {
          long id = orderId(header.get("id"), table + ".id");
          while (line != null && orderId(line.get("order_id"), linesTable + ".order_id") < id) {
            line = lines.next(); // a line without its order: nothing to compare it with
          }
          List<Map<String, Object>> itsLines = new ArrayList<>();
          while (line != null && orderId(line.get("order_id"), linesTable + ".order_id") == id) {
            itsLines.add(line);
            line = lines.next();
          }
          comparison.order(Long.toString(id), header, itsLines);
          if (++read % 10_000 == 0) {
            progress.accept(read);
          }
        }
        return new CrmComparison(
            comparison.finish(),
            read,
            canonical.size(),
            List.of(
                new Recapture.Table(CrmOptions.dataCollection(headerConnection, table), "id"),
                new Recapture.Table(
                    CrmOptions.dataCollection(headerConnection, linesTable), "order_id")),
            crm.auditTable("orders"));
      }
    }

    private static long orderId(Object value, String column) {
      if (value instanceof Number number) {
        return number.longValue();
      }
      throw new IllegalStateException(
          column + " holds '" + value + "': reconcile orders needs numeric order ids");
    }

    @Override
    String noun() {
      return "order";
    }

    @Override
    String commandsTopic() {
      return Topics.ERP_COMMANDS_ORDERS;
    }

    @Override
    org.apache.avro.Schema payloadSchema() {
      return io.crmerpsync.schemas.erp.ErpOrder.getClassSchema();
    }

    @Override
    String interfaceTable() {
      return "order_iface";
    }

    @Override
    String interfaceLinesTable() {
      return "order_line_iface";
    }

    @Override
    long resync(ResyncClient client, List<String> refs, ResyncRequest request, PrintWriter out) {
      // The first CRM database's orders are keyed by id; another database's by SOURCE:ID.
      List<String> orderKeys =
          crm.first() ? refs : refs.stream().map(ref -> crm.source + ":" + ref).toList();
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
