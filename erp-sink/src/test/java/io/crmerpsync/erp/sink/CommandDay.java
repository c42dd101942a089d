package io.crmerpsync.erp.sink;

import io.crmerpsync.schemas.erp.ErpAction;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.erp.ErpCustomer;
import io.crmerpsync.schemas.erp.ErpOrderLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A day of CRM activity as the streams application turns it into ERP commands: every customer and
 * order changes several times, each change a new version with a payload that tells the versions
 * apart; a deleted entity's last command is DELETE or DEACTIVATE carrying its last values, as the
 * streams application sends them. Reproducible from the seed.
 *
 * @param inSourceOrder every command once, each key's versions in order, keys interleaved
 * @param newest the newest command of each key, by {@link #key(ErpCommand)}
 */
record CommandDay(List<ErpCommand> inSourceOrder, Map<String, ErpCommand> newest) {

  private static final int SECONDS_PER_DAY = 86_400;

  static CommandDay generate(long seed, int customers, int orders) {
    Random random = new Random(seed);
    List<Timed> timed = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      String ref = "C-" + c;
      int versions = 1 + random.nextInt(8);
      List<Integer> times = sortedTimes(random, versions);
      for (int v = 1; v <= versions; v++) {
        ErpAction action =
            v == versions && random.nextInt(5) == 0
                ? (random.nextBoolean() ? ErpAction.DELETE : ErpAction.DEACTIVATE)
                : ErpAction.UPSERT;
        timed.add(new Timed(times.get(v - 1), customer(ref, v, action)));
      }
    }
    for (int o = 0; o < orders; o++) {
      String ref = "O-" + o;
      int versions = 1 + random.nextInt(5);
      List<Integer> times = sortedTimes(random, versions);
      for (int v = 1; v <= versions; v++) {
        ErpAction action =
            v == versions && random.nextInt(10) == 0 ? ErpAction.DELETE : ErpAction.UPSERT;
        timed.add(new Timed(times.get(v - 1), order(ref, v, action, 1 + random.nextInt(5))));
      }
    }
    timed.sort(Comparator.comparingInt(Timed::second));
    List<ErpCommand> commands = timed.stream().map(Timed::command).toList();
    Map<String, ErpCommand> newest = new LinkedHashMap<>();
    for (ErpCommand command : commands) {
      newest.merge(key(command), command, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
    }
    return new CommandDay(commands, newest);
  }

  /** The commands delivered twice over in a random order, with a third of them repeated. */
  List<ErpCommand> shuffledWithDuplicates(Random random) {
    List<ErpCommand> delivered = new ArrayList<>(inSourceOrder);
    for (int i = 0; i < inSourceOrder.size() / 3; i++) {
      delivered.add(inSourceOrder.get(random.nextInt(inSourceOrder.size())));
    }
    Collections.shuffle(delivered, random);
    return delivered;
  }

  static String key(ErpCommand command) {
    return command.getEntity() + ":" + command.getSourceRef();
  }

  private static List<Integer> sortedTimes(Random random, int count) {
    List<Integer> times = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      times.add(random.nextInt(SECONDS_PER_DAY));
    }
    Collections.sort(times);
    return times;
  }

  private static ErpCommand customer(String ref, int version, ErpAction action) {
    ErpCustomer body = Commands.customer(lastName(ref, version), version % 2 == 0 ? "DE" : "FR");
    body.setCreditLimit(new BigDecimal(version * 100 + ".00"));
    body.setPaymentTermsDays(version);
    return Commands.customerCommand(ref, version, action, body);
  }

  private static ErpCommand order(String ref, int version, ErpAction action, int lineCount) {
    List<ErpOrderLine> lines = new ArrayList<>();
    for (int i = 1; i <= lineCount; i++) {
      lines.add(Commands.line(i, ref + "v" + version + "-" + i, i + ".000", version + ".00"));
    }
    return Commands.orderCommand(ref, version, action, Commands.order(ref, "DE", lines));
  }

  /** The last name that version {@code version} of customer {@code ref} carries. */
  static String lastName(String ref, long version) {
    return "Name" + ref + "v" + version;
  }

  private record Timed(int second, ErpCommand command) {}
}
