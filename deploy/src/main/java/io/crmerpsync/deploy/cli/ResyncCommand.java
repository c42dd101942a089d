package io.crmerpsync.deploy.cli;

import io.crmerpsync.deploy.resync.ResyncClient;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.streams.customer.ResyncRequest;
import io.crmerpsync.streams.topology.EmitSettings;
import io.crmerpsync.streams.topology.OrderNodes;
import io.crmerpsync.streams.topology.TopologyNames;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code resync customers} and {@code resync orders}: ask the streams application to send records'
 * current state to the ERP again (to {@code sync.resync-requests.customers.v1} and {@code
 * sync.resync-requests.orders[.<source>].v1}). Exit codes: 0 requests written, 1 refused or Kafka
 * failed, 2 bad arguments.
 */
@Command(
    name = "resync",
    mixinStandardHelpOptions = true,
    description =
        "Send the current state of chosen records, or all, to the ERP again: the repair for ERP"
            + " rows lost or changed behind the pipeline's back.",
    subcommands = {ResyncCommand.CustomersCommand.class, ResyncCommand.OrdersCommand.class})
final class ResyncCommand extends GroupCommand {

  /** The options and the run both subcommands share; a subcommand says where requests go. */
  abstract static class Subcommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "KEY", description = "The records' keys.")
    List<String> keys = new ArrayList<>();

    @Option(
        names = "--all",
        description = "Every record the pipeline holds (the live records of its canonical topic).")
    boolean all;

    @Option(names = "--reason", required = true, description = "Why, for the audit trail.")
    String reason;

    @Option(
        names = "--by",
        defaultValue = "${sys:user.name}",
        description = "Who asks (default: your user name, ${DEFAULT-VALUE}).")
    String by;

    @CommandLine.Mixin KafkaOptions kafka = new KafkaOptions();

    /** What the records are called in messages: "customer", "order". */
    abstract String noun();

    /** The canonical topic whose live keys {@code --all} takes. */
    abstract String canonicalTopic();

    /** A key as the user typed it, checked; a bad one is an {@link IllegalArgumentException}. */
    abstract String checkedKey(String typed);

    /**
     * Where the requests of {@code canonicalKeys} go: per requests topic, the topic whose keys it
     * shares and the request keys.
     */
    abstract Map<Route, List<String>> routes(List<String> canonicalKeys);

    /** A requests topic, the topic it must be co-partitioned with, and its records' keys. */
    record Route(String topic, String keyedLike) {}

    @Override
    public Integer call() {
      if (all == !keys.isEmpty()) {
        throw new IllegalArgumentException(
            all
                ? "--all takes no KEY: it resyncs every " + noun()
                : "name the " + noun() + "s to resync (KEY ...), or --all");
      }
      Duration timeout = kafka.timeout();
      if (reason.isBlank()) {
        throw new IllegalArgumentException("--reason must say why, for the audit trail");
      }
      List<String> canonicalKeys = new ArrayList<>();
      for (String key : keys) {
        canonicalKeys.add(checkedKey(key));
      }
      PrintWriter out = spec.commandLine().getOut();
      LongConsumer printRead =
          read -> {
            out.printf("  %,d records read%n", read);
            out.flush();
          };
      LongConsumer printWritten =
          acknowledged -> {
            out.printf("  %,d requests written%n", acknowledged);
            out.flush();
          };
      try {
        ResyncClient client = new ResyncClient(kafka.bootstrapServers, timeout);
        if (all) {
          out.printf("reading %s for every live %s ...%n", canonicalTopic(), noun());
          out.flush();
          canonicalKeys = client.liveKeys(canonicalTopic(), printRead);
          out.printf("%,d live %ss%n", canonicalKeys.size(), noun());
        }
        ResyncRequest request = new ResyncRequest(by, reason, Instant.now().toEpochMilli());
        long written = 0;
        for (Map.Entry<Route, List<String>> route : routes(canonicalKeys).entrySet()) {
          long toTopic =
              client.write(
                  route.getKey().topic(),
                  route.getKey().keyedLike(),
                  route.getValue(),
                  request,
                  printWritten);
          written += toTopic;
          out.printf(
              "%,d resync request%s written to %s%n",
              toTopic, toTopic == 1 ? "" : "s", route.getKey().topic());
        }
        out.printf(
            "%,d in all; the streams application sends each %s to the ERP again; check with:"
                + " audit --table %ss --key KEY (decision RESYNCED or RESYNC_REFUSED)%n",
            written, noun(), noun());
        return 0;
      } catch (IllegalStateException e) {
        return GroupCommand.failed(spec, e);
      } finally {
        out.flush();
      }
    }
  }

  @Command(
      name = "customers",
      mixinStandardHelpOptions = true,
      description = {
        "Ask the streams application to send these customers' golden records to the ERP again,"
            + " each with its next version (so the ERP's conditional upsert takes it), as a"
            + " canonical customer and an ERP command; a customer it holds no complete record of"
            + " is refused. KEY: a CRM id, or the business key customers are matched by (email,"
            + " tax id); --all: the live records of "
            + Topics.CANONICAL_CUSTOMERS
            + ". Every request is audited (audit --table customers --key KEY).",
        "Example: resync customers 42 43 --reason 'ERP restored from backup'"
            + " --bootstrap-servers localhost:9092",
        "Example: resync customers --all --reason 'ERP interface tables truncated'"
            + " --bootstrap-servers localhost:9092"
      })
  static final class CustomersCommand extends Subcommand {
    @Override
    String noun() {
      return "customer";
    }

    @Override
    String canonicalTopic() {
      return Topics.CANONICAL_CUSTOMERS;
    }

    @Override
    String checkedKey(String typed) {
      return ConflictsCommand.customerId(typed, "KEY");
    }

    @Override
    Map<Route, List<String>> routes(List<String> customerKeys) {
      return Map.of(
          new Route(Topics.RESYNC_REQUESTS_CUSTOMERS, TopologyNames.CUSTOMER_CHANGES_TOPIC),
          customerKeys);
    }
  }

  @Command(
      name = "orders",
      mixinStandardHelpOptions = true,
      description = {
        "Ask the streams application to send these orders, as assembled (header and all current"
            + " lines), to the ERP again, each with its next version, as a canonical order and an"
            + " ERP command; an order it has no header of is refused. KEY: the order id, or"
            + " SOURCE:ID for another CRM database's order (as on "
            + Topics.CANONICAL_ORDERS
            + "); --all: the live records of that topic. Every request is audited (audit --table"
            + " orders --key ID).",
        "Example: resync orders 7 crm-us:12 --reason 'ERP order import failed'"
            + " --bootstrap-servers localhost:9092"
      })
  static final class OrdersCommand extends Subcommand {
    @Override
    String noun() {
      return "order";
    }

    @Override
    String canonicalTopic() {
      return Topics.CANONICAL_ORDERS;
    }

    @Override
    String checkedKey(String typed) {
      String key = typed.trim();
      if (!key.matches("([A-Za-z0-9_.-]+:)?\\d{1,18}")) {
        throw new IllegalArgumentException(
            "KEY must be an order id (a whole number), or SOURCE:ID for another CRM database's"
                + " order, was '"
                + typed
                + "'");
      }
      // As the order's key is written: 007 is order 7.
      int colon = key.lastIndexOf(':');
      return key.substring(0, colon + 1) + Long.parseLong(key.substring(colon + 1));
    }

    @Override
    Map<Route, List<String>> routes(List<String> orderKeys) {
      return routesOf(orderKeys);
    }

    /**
     * Per CRM database's requests topic, the order ids of {@code orderKeys} (ID for the first CRM
     * database, SOURCE:ID for another, as on the canonical topic).
     */
    static Map<Route, List<String>> routesOf(List<String> orderKeys) {
      Map<Route, List<String>> routes = new LinkedHashMap<>();
      for (String key : orderKeys) {
        int colon = key.lastIndexOf(':');
        OrderNodes nodes =
            colon < 0
                ? OrderNodes.first(EmitSettings.CRM_SOURCE)
                : new OrderNodes(key.substring(0, colon), key.substring(0, colon));
        routes
            .computeIfAbsent(
                new Route(nodes.resyncRequestsTopic(), nodes.partsTopic()), r -> new ArrayList<>())
            .add(key.substring(colon + 1));
      }
      return routes;
    }
  }
}
