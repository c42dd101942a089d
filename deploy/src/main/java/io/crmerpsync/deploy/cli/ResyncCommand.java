package io.crmerpsync.deploy.cli;

import io.crmerpsync.deploy.resync.ResyncClient;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.streams.customer.ResyncRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code resync customers}: asks the streams application to send customers' current golden records
 * to the ERP again (to {@code sync.resync-requests.customers.v1}). Exit codes: 0 requests written,
 * 1 refused or Kafka failed, 2 bad arguments.
 */
@Command(
    name = "resync",
    mixinStandardHelpOptions = true,
    description =
        "Send the current state of chosen records, or all, to the ERP again: the repair for ERP"
            + " rows lost or changed behind the pipeline's back.",
    subcommands = {ResyncCommand.CustomersCommand.class})
final class ResyncCommand extends GroupCommand {

  @Command(
      name = "customers",
      mixinStandardHelpOptions = true,
      description = {
        "Ask the streams application to send these customers' golden records to the ERP again,"
            + " each with its next version (so the ERP's conditional upsert takes it), as a"
            + " canonical customer and an ERP command; a customer it holds no complete record of"
            + " is refused. Every request is audited (audit --table customers --key KEY).",
        "Example: resync customers 42 43 --reason 'ERP restored from backup'"
            + " --bootstrap-servers localhost:9092",
        "Example: resync customers --all --reason 'ERP interface tables truncated'"
            + " --bootstrap-servers localhost:9092"
      })
  static final class CustomersCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        arity = "0..*",
        paramLabel = "KEY",
        description = "Customer keys: CRM ids, or business keys (email, tax id).")
    List<String> keys = new ArrayList<>();

    @Option(
        names = "--all",
        description =
            "Every customer the pipeline holds (the live records of "
                + Topics.CANONICAL_CUSTOMERS
                + ").")
    boolean all;

    @Option(names = "--reason", required = true, description = "Why, for the audit trail.")
    String reason;

    @Option(
        names = "--by",
        defaultValue = "${sys:user.name}",
        description = "Who asks (default: your user name, ${DEFAULT-VALUE}).")
    String by;

    @CommandLine.Mixin KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() {
      if (all == !keys.isEmpty()) {
        throw new IllegalArgumentException(
            all
                ? "--all takes no KEY: it resyncs every customer"
                : "name the customers to resync (KEY ...), or --all");
      }
      Duration timeout = kafka.timeout();
      if (reason.isBlank()) {
        throw new IllegalArgumentException("--reason must say why, for the audit trail");
      }
      List<String> customerKeys = new ArrayList<>();
      for (String key : keys) {
        customerKeys.add(ConflictsCommand.customerId(key, "KEY"));
      }
      PrintWriter out = spec.commandLine().getOut();
      try {
        ResyncClient client = new ResyncClient(kafka.bootstrapServers, timeout);
        if (all) {
          out.printf("reading %s for every live customer ...%n", Topics.CANONICAL_CUSTOMERS);
          out.flush();
          customerKeys =
              client.liveCustomerKeys(
                  read -> {
                    out.printf("  %,d records read%n", read);
                    out.flush();
                  });
          out.printf("%,d live customers%n", customerKeys.size());
        }
        ResyncRequest request = new ResyncRequest(by, reason, Instant.now().toEpochMilli());
        long written =
            client.write(
                customerKeys,
                request,
                acknowledged -> {
                  out.printf("  %,d requests written%n", acknowledged);
                  out.flush();
                });
        out.printf(
            "%,d resync request%s written to %s%n",
            written, written == 1 ? "" : "s", Topics.RESYNC_REQUESTS_CUSTOMERS);
        out.printf(
            "the streams application sends each customer to the ERP again; check with: audit"
                + " --table customers --key KEY (decision RESYNCED or RESYNC_REFUSED)%n");
        return 0;
      } catch (IllegalStateException e) {
        return failed(spec, e);
      } finally {
        out.flush();
      }
    }
  }
}
