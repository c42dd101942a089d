package io.crmerpsync.deploy.cli;

import io.crmerpsync.deploy.replay.ReplayPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replay}: rewinds the stopped streams application's positions in its input topics to a
 * point in time, keeping its state (see {@link ReplayPlan}). Prints the plan; changes nothing
 * without {@code --execute}. Exit codes: 0 done (or planned), 1 refused or Kafka failed, 2 bad
 * arguments.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Rewind the stopped streams application's positions in its input topics to a point in"
          + " time, keeping its state: the changes since then are processed again and the"
          + " version gate drops those already applied. Prints the plan per partition; changes"
          + " nothing without --execute. Never moves a position forward.",
      "Example: replay --topics crm.sales.customers,crm.sales.orders,crm.sales.order_lines,"
          + "crm.transaction --to-datetime 2026-11-26T00:00:00Z --bootstrap-servers"
          + " localhost:9092 --execute"
    })
final class ReplayCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @CommandLine.Mixin KafkaOptions kafka = new KafkaOptions();

  @Option(
      names = "--application-id",
      defaultValue = "crm-erp-sync",
      description = "The streams application's id (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--topics",
      required = true,
      split = ",",
      description =
          "The input topics to replay, comma-separated: the raw change topics, with the"
              + " transaction topic whenever an order topic is named.")
  List<String> topics;

  @Option(
      names = "--to-datetime",
      required = true,
      description = "The point in time, ISO-8601 UTC, e.g. 2026-11-26T00:00:00Z.")
  String toDatetime;

  @Option(names = "--execute", description = "Commit the plan (default: only print it).")
  boolean execute;

  @Override
  public Integer call() {
    Instant from;
    try {
      from = Instant.parse(toDatetime);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--to-datetime must be an ISO-8601 UTC time such as 2026-11-26T00:00:00Z, was '"
              + toDatetime
              + "'");
    }
    Duration timeout = kafka.timeout();
    PrintWriter out = spec.commandLine().getOut();
    try {
      ReplayPlan replay = new ReplayPlan(kafka.bootstrapServers, timeout);
      List<ReplayPlan.Move> moves = replay.plan(applicationId, topics, from);
      long total = 0;
      for (ReplayPlan.Move move : moves) {
        out.printf(
            "%s: %,d -> %,d (%,d records again)%n",
            move.partition(), move.committed(), move.target(), move.replayed());
        total += move.replayed();
      }
      if (moves.isEmpty()) {
        out.printf(
            "application %s has no committed positions in %s: nothing to rewind%n",
            applicationId, topics);
        return 0;
      }
      if (!execute) {
        out.printf(
            "dry run: %,d records would be processed again from %s; nothing changed (add"
                + " --execute)%n",
            total, from);
        return 0;
      }
      replay.execute(applicationId, moves);
      out.printf(
          "rewound: %,d records are processed again from %s when the streams application starts%n",
          total, from);
      return 0;
    } catch (IllegalStateException e) {
      return GroupCommand.failed(spec, e);
    } finally {
      out.flush();
    }
  }
}
