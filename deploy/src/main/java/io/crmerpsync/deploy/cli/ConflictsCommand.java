package io.crmerpsync.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.crmerpsync.deploy.conflicts.ConflictsClient;
import io.crmerpsync.schemas.Topics;
import io.crmerpsync.streams.customer.ConflictResolution;
import io.crmerpsync.streams.customer.CustomerConflict;
import io.crmerpsync.streams.customer.CustomerFields;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conflicts list} and {@code conflicts resolve}: what the review policy left for an operator
 * (from {@code sync.conflicts.v1}), and the operator's decision (to {@code
 * sync.conflict-resolutions.v1}, applied by the streams application). Exit codes: 0 done, 1 refused
 * or Kafka failed, 2 bad arguments.
 */
@Command(
    name = "conflicts",
    mixinStandardHelpOptions = true,
    description = "List the open review conflicts, or resolve one.",
    subcommands = {ConflictsCommand.ListCommand.class, ConflictsCommand.ResolveCommand.class})
final class ConflictsCommand extends GroupCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Show the open conflicts: both values with their sources and commit times, the value the"
            + " field holds meanwhile, and how long each has been open.",
        "Example: conflicts list --bootstrap-servers localhost:9092 --key 42"
      })
  static final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--key", description = "Only the conflicts of this customer id.")
    String key;

    @Override
    public Integer call() {
      String customerId = key == null ? null : customerId(key, "--key");
      PrintWriter out = spec.commandLine().getOut();
      try {
        List<CustomerConflict> states =
            new ConflictsClient(kafka.bootstrapServers, kafka.timeout()).latestStates(customerId);
        List<CustomerConflict> open = states.stream().filter(CustomerConflict::isOpen).toList();
        if (open.isEmpty()) {
          out.println(
              "no open conflicts" + (customerId == null ? "" : " for customer " + customerId));
          states.forEach(closed -> out.println("  " + lastOutcome(closed)));
        } else {
          out.println(open.size() + (open.size() == 1 ? " open conflict" : " open conflicts"));
        }
        Instant now = Instant.now();
        for (CustomerConflict conflict : open) {
          print(out, conflict, now);
        }
        return 0;
      } catch (IllegalStateException e) {
        return failed(spec, e);
      } finally {
        out.flush();
      }
    }

    private static void print(PrintWriter out, CustomerConflict conflict, Instant now) {
      out.printf(
          "%ncustomer %s  %s.%s  open for %s  (conflict %s)%n",
          conflict.customerId(),
          conflict.entity(),
          conflict.field(),
          age(Duration.ofMillis(now.toEpochMilli() - conflict.raisedAtMs())),
          conflict.id());
      out.printf(
          "  %-8s %-30s committed %s%n",
          conflict.firstSource(),
          conflict.firstValue(),
          Instant.ofEpochMilli(conflict.firstCommitTimeMs()));
      out.printf(
          "  %-8s %-30s committed %s%n",
          conflict.secondSource(),
          conflict.secondValue(),
          Instant.ofEpochMilli(conflict.secondCommitTimeMs()));
      out.printf("  held meanwhile: %s (the last agreed value)%n", conflict.agreedValue());
      out.printf(
          "  resolve: conflicts resolve %s --field %s --take %s|%s|value --reason ...%n",
          conflict.customerId(), conflict.field(), conflict.firstSource(), conflict.secondSource());
    }

    /** "3d04h", "2h05m", "4m09s", "12s". */
    static String age(Duration age) {
      long seconds = Math.max(0, age.toSeconds());
      if (seconds >= 86_400) {
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3_600);
      }
      if (seconds >= 3_600) {
        return String.format("%dh%02dm", seconds / 3_600, seconds % 3_600 / 60);
      }
      if (seconds >= 60) {
        return String.format("%dm%02ds", seconds / 60, seconds % 60);
      }
      return seconds + "s";
    }
  }

  @Command(
      name = "resolve",
      mixinStandardHelpOptions = true,
      description = {
        "Resolve an open conflict: the field takes one source's value or your own. Checked against"
            + " the open conflicts first; the streams application applies it, sends the ERP a"
            + " command and audits it (audit --table customers --key KEY).",
        "Example: conflicts resolve 42 --field street --take erp --reason 'confirmed by phone'"
            + " --bootstrap-servers localhost:9092"
      })
  static final class ResolveCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin KafkaOptions kafka = new KafkaOptions();

    @Parameters(index = "0", paramLabel = "KEY", description = "The customer id.")
    String key;

    @Option(names = "--field", required = true, description = "The conflicting field.")
    String field;

    @Option(
        names = "--take",
        required = true,
        description =
            "A source of the conflict (crm, erp) whose value the field takes, or 'value'.")
    String take;

    @Option(names = "--value", description = "Your own value, with --take value.")
    String value;

    @Option(names = "--reason", required = true, description = "Why, for the audit trail.")
    String reason;

    @Option(
        names = "--by",
        defaultValue = "${sys:user.name}",
        description = "Who decides (default: your user name, ${DEFAULT-VALUE}).")
    String by;

    @Override
    public Integer call() {
      String customerId = customerId(key, "KEY");
      checkArguments();
      PrintWriter out = spec.commandLine().getOut();
      try {
        ConflictsClient client = new ConflictsClient(kafka.bootstrapServers, kafka.timeout());
        CustomerConflict conflict = openConflict(client.latestStates(customerId), customerId);
        ConflictResolution resolution =
            new ConflictResolution(
                conflict.entity(),
                customerId,
                field,
                conflict.id(),
                take,
                operatorValue(conflict),
                by,
                reason,
                Instant.now().toEpochMilli());
        RecordMetadata written = client.write(resolution);
        out.printf(
            "resolution written to %s (partition %d, offset %d): customer %s %s takes %s%n",
            Topics.CONFLICT_RESOLUTIONS,
            written.partition(),
            written.offset(),
            customerId,
            field,
            describeChoice(conflict, resolution));
        out.printf(
            "the streams application applies it; check with: conflicts list --key %s, or"
                + " audit --table customers --key %s%n",
            customerId, customerId);
        return 0;
      } catch (IllegalStateException e) {
        return failed(spec, e);
      } finally {
        out.flush();
      }
    }

    private void checkArguments() {
      if (!CustomerFields.POLICY_FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + field
                + "' of customer (known: "
                + new TreeSet<>(CustomerFields.POLICY_FIELDS)
                + ")");
      }
      boolean ownValue = ConflictResolution.TAKE_VALUE.equals(take);
      if (ownValue && value == null) {
        throw new IllegalArgumentException("--take value needs --value");
      }
      if (!ownValue && value != null) {
        throw new IllegalArgumentException(
            "--value goes with --take value, not with --take " + take);
      }
      if (reason.isBlank()) {
        throw new IllegalArgumentException("--reason must say why, for the audit trail");
      }
    }

    /** The open conflict on the field, or a refusal saying what the customer's conflicts are. */
    private CustomerConflict openConflict(List<CustomerConflict> states, String customerId) {
      CustomerConflict last =
          states.stream().filter(c -> c.field().equals(field)).reduce((a, b) -> b).orElse(null);
      if (last != null && last.isOpen()) {
        if (!ConflictResolution.TAKE_VALUE.equals(take)
            && !take.equals(last.firstSource())
            && !take.equals(last.secondSource())) {
          throw new IllegalArgumentException(
              "--take must be "
                  + last.firstSource()
                  + ", "
                  + last.secondSource()
                  + " or value for this conflict, was '"
                  + take
                  + "'");
        }
        return last;
      }
      List<String> openFields =
          states.stream().filter(CustomerConflict::isOpen).map(CustomerConflict::field).toList();
      String why =
          last == null
              ? (states.isEmpty()
                  ? "customer " + customerId + " has no conflicts"
                  : "customer " + customerId + " has no conflict on " + field)
              : "the conflict on "
                  + field
                  + " of customer "
                  + customerId
                  + " is "
                  + lastOutcome(last);
      throw new IllegalStateException(
          "nothing to resolve: "
              + why
              + (openFields.isEmpty()
                  ? ""
                  : "; open conflicts are on " + String.join(", ", openFields)));
    }

    /** The operator's value typed like the conflict's values: numbers stay numbers. */
    private JsonNode operatorValue(CustomerConflict conflict) {
      if (value == null) {
        return null;
      }
      if (conflict.firstValue() != null
          && conflict.firstValue().isNumber()
          && conflict.secondValue() != null
          && conflict.secondValue().isNumber()) {
        try {
          BigDecimal number = new BigDecimal(value.trim());
          return number.scale() <= 0
              ? LongNode.valueOf(number.longValueExact())
              : DecimalNode.valueOf(number);
        } catch (NumberFormatException | ArithmeticException e) {
          throw new IllegalArgumentException(
              "--value '" + value + "' is not a number, as the values of " + field + " are");
        }
      }
      return TextNode.valueOf(value);
    }

    private static String describeChoice(CustomerConflict conflict, ConflictResolution resolution) {
      if (resolution.take().equals(conflict.firstSource())) {
        return resolution.take() + " (" + conflict.firstValue() + ")";
      }
      if (resolution.take().equals(conflict.secondSource())) {
        return resolution.take() + " (" + conflict.secondValue() + ")";
      }
      return "your value " + resolution.value();
    }
  }

  /** How a conflict that is no longer open ended, for a person. */
  static String lastOutcome(CustomerConflict conflict) {
    return conflict.field()
        + ": "
        + conflict.status()
        + " at "
        + Instant.ofEpochMilli(conflict.closedAtMs())
        + " ("
        + conflict.closedBecause()
        + ")";
  }

  /**
   * The customer key in {@code text}: a CRM id (a whole number), or with several CRM databases the
   * business key the customers are matched by (an email or tax id, compared lower-cased).
   */
  static String customerId(String text, String option) {
    String trimmed = text.trim();
    if (trimmed.matches("\\d{1,18}")) {
      // As typed: a digit-only business key (a tax id such as 0123) keeps its leading zeros.
      return trimmed;
    }
    boolean businessKey =
        (trimmed.contains("@") || trimmed.chars().anyMatch(Character::isDigit))
            && trimmed.chars().noneMatch(Character::isWhitespace);
    if (!businessKey) {
      throw new IllegalArgumentException(
          option
              + " must be a customer key: a customer id (a whole number), or the business key"
              + " customers are matched by (an email or tax id), was '"
              + text
              + "'");
    }
    return trimmed.toLowerCase(java.util.Locale.ROOT);
  }
}
