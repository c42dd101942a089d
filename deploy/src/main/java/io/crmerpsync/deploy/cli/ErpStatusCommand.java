package io.crmerpsync.deploy.cli;

import io.crmerpsync.deploy.erpstatus.ErpStatusReader;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpImportState;
import io.crmerpsync.schemas.erp.ErpImportStatus;
import io.crmerpsync.schemas.wire.RestSchemaRegistryClient;
import io.crmerpsync.schemas.wire.SchemaRegistryException;
import io.crmerpsync.schemas.wire.WireFormatException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code erp-status}: what the ERP's importer last reported about each entity it took from the
 * interface tables (from {@code sync.erp-status.v1}), or only the failed imports. Exit codes: 0
 * done, 1 Kafka or the registry failed, 2 bad arguments.
 */
@Command(
    name = "erp-status",
    mixinStandardHelpOptions = true,
    description = {
      "Show the ERP importer's latest report per entity (from "
          + Topics.ERP_STATUS
          + "): status,"
          + " version, error code and message, and the time from the CRM commit to the report.",
      "Example: erp-status --bootstrap-servers localhost:9092 --registry-url"
          + " http://localhost:8081 --errors"
    })
final class ErpStatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka brokers.")
  String bootstrapServers;

  @Option(names = "--registry-url", required = true, description = "Schema registry URL.")
  String registryUrl;

  @Option(
      names = "--key",
      description = "Only this entity: <entity>:<source ref>, e.g. customer:42 or order:17.")
  String key;

  @Option(names = "--errors", description = "Only entities whose latest report is ERROR.")
  boolean errorsOnly;

  @Option(
      names = "--timeout",
      defaultValue = "15",
      description = "Seconds to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    checkArguments();
    PrintWriter out = spec.commandLine().getOut();
    try {
      Map<String, ErpImportStatus> latest =
          new ErpStatusReader(
                  bootstrapServers,
                  new RestSchemaRegistryClient(registryUrl),
                  Duration.ofSeconds(timeoutSeconds))
              .latest(key);
      List<Map.Entry<String, ErpImportStatus>> shown =
          latest.entrySet().stream()
              .filter(e -> !errorsOnly || e.getValue().getStatus() == ErpImportState.ERROR)
              .toList();
      out.println(summary(latest.values(), shown.size()));
      shown.forEach(e -> out.println(line(e.getKey(), e.getValue())));
      return 0;
    } catch (IllegalStateException | SchemaRegistryException | WireFormatException e) {
      spec.commandLine().getErr().println("failed: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
    }
  }

  private void checkArguments() {
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException(
          "--timeout must be a positive number of seconds, was " + timeoutSeconds);
    }
    if (key != null && !key.matches("(customer|order):.+")) {
      throw new IllegalArgumentException(
          "--key must be <entity>:<source ref> with entity customer or order, e.g. customer:42"
              + " (another CRM database's order: order:<its name>:<id>, e.g. order:crm-us:10),"
              + " was '"
              + key
              + "'");
    }
  }

  private String summary(Collection<ErpImportStatus> all, int shown) {
    long errors = all.stream().filter(s -> s.getStatus() == ErpImportState.ERROR).count();
    long success = all.stream().filter(s -> s.getStatus() == ErpImportState.SUCCESS).count();
    String scope = key == null ? "" : " for " + key;
    if (all.isEmpty()) {
      return "no import reports" + scope;
    }
    return String.format(
        "%d entities reported%s: %d SUCCESS, %d ERROR, %d other; showing %d%s",
        all.size(),
        scope,
        success,
        errors,
        all.size() - success - errors,
        shown,
        errorsOnly ? " failed" : "");
  }

  /** One entity: key, status, version, when, latency, then the error if any. */
  static String line(String key, ErpImportStatus status) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "%-24s %-10s v%-5d reported %s  crm->report %-8s batch %s",
                key,
                status.getStatus(),
                status.getVersion(),
                status.getReportedAt(),
                status.getCommitToReportMs() == null ? "-" : status.getCommitToReportMs() + "ms",
                status.getBatchId() == null ? "-" : status.getBatchId()));
    if (status.getErrorCode() != null || status.getErrorMessage() != null) {
      line.append(
          String.format(
              "%n    %s: %s",
              status.getErrorCode() == null ? "-" : status.getErrorCode(),
              status.getErrorMessage() == null ? "" : status.getErrorMessage()));
    }
    return line.toString();
  }
}
