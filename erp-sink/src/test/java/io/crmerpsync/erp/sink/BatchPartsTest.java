package io.crmerpsync.erp.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.erp.sink.command.CommandRecord;
import io.crmerpsync.erp.sink.command.Entity;
import io.crmerpsync.schemas.erp.ErpCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** How {@link ErpSinkTask} splits a batch for parallel writes. */
class BatchPartsTest {

  private static int offset;

  private static CommandRecord customer(String ref, long version) {
    ErpCommand command = Commands.upsertCustomer(ref, version, "Lovelace");
    SinkRecord record =
        new SinkRecord("erp.commands.customers.v1", 0, null, ref, null, null, offset++);
    return new CommandRecord(record, command, Entity.CUSTOMER);
  }

  private static CommandRecord order(String ref, long version) {
    ErpCommand command = Commands.upsertOrder(ref, version, 2, "SKU");
    SinkRecord record =
        new SinkRecord("erp.commands.orders.v1", 0, null, ref, null, null, offset++);
    return new CommandRecord(record, command, Entity.ORDER);
  }

  @Test
  void shouldKeepEveryKeysCommandsInOnePartInTheirOrder() {
    List<CommandRecord> batch = new ArrayList<>();
    for (int version = 1; version <= 3; version++) {
      for (int key = 0; key < 100; key++) {
        batch.add(customer("C-" + key, version));
        batch.add(order("O-" + key, version));
      }
    }

    List<List<CommandRecord>> parts = ErpSinkTask.partsByKey(batch, 2);

    assertThat(parts).hasSize(2);
    assertThat(parts).allSatisfy(part -> assertThat(part).isNotEmpty());
    assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(batch.size());
    Map<String, Integer> partOfKey = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Map<String, Long> lastVersion = new HashMap<>();
      for (CommandRecord command : parts.get(i)) {
        String key = command.entity().code() + ":" + command.command().getSourceRef();
        assertThat(partOfKey.putIfAbsent(key, i)).as(key).isIn(null, i);
        Long before = lastVersion.put(key, command.command().getVersion());
        assertThat(before == null || before < command.command().getVersion()).as(key).isTrue();
      }
      assertThat(parts.get(i))
          .isSortedAccordingTo(java.util.Comparator.comparingLong(c -> c.record().kafkaOffset()));
    }
  }

  @Test
  void shouldPutKeysThatMariaDbComparesAsEqualIntoTheSamePart() {
    List<CommandRecord> batch = new ArrayList<>();
    for (int key = 0; key < 100; key++) {
      batch.add(customer("c-" + key, 1));
      batch.add(customer("C-" + key + "  ", 2));
    }

    for (List<CommandRecord> part : ErpSinkTask.partsByKey(batch, 3)) {
      for (CommandRecord command : part) {
        String same = command.command().getSourceRef().strip().toLowerCase(java.util.Locale.ROOT);
        assertThat(part)
            .filteredOn(
                c ->
                    c.command()
                        .getSourceRef()
                        .strip()
                        .toLowerCase(java.util.Locale.ROOT)
                        .equals(same))
            .hasSize(2);
      }
    }
  }

  @Test
  void shouldWriteASmallBatchOrOneWithoutParallelismInOnePart() {
    List<CommandRecord> small = new ArrayList<>();
    for (int key = 0; key < ErpSinkTask.MIN_COMMANDS_TO_SPLIT - 1; key++) {
      small.add(customer("C-" + key, 1));
    }
    List<CommandRecord> large = new ArrayList<>(small);
    large.add(customer("C-last", 1));

    assertThat(ErpSinkTask.partsByKey(small, 2)).containsExactly(small);
    assertThat(ErpSinkTask.partsByKey(large, 1)).containsExactly(large);
    assertThat(ErpSinkTask.partsByKey(large, 2)).hasSize(2);
  }
}
