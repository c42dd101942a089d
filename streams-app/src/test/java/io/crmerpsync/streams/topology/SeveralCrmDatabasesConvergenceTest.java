package io.crmerpsync.streams.topology;

import static io.crmerpsync.streams.topology.RawChanges.change;
import static io.crmerpsync.streams.topology.RawChanges.customer;
import static io.crmerpsync.streams.topology.RawChanges.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.schemas.Topics;
import io.crmerpsync.schemas.erp.ErpCommand;
import io.crmerpsync.schemas.wire.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Two CRM databases change the same customers; whatever the interleaving of their streams (each in
 * its own order), with any repetition and rewind (a replay from an earlier position), the ERP ends
 * with the same customers as when the streams arrive one after the other, and no customer's command
 * version ever goes down.
 */
class SeveralCrmDatabasesConvergenceTest {
  private static final RawTopics US = TwoCrmDatabases.US;
  private static final List<String> EMAILS =
      List.of("ada@example.com", "bob@example.com", "cy@example.com");
  private static RealRegistry realRegistry;
  private static SchemaRegistryClient registry;

  @BeforeContainer
  static void startRegistry() throws Exception {
    realRegistry = RealRegistry.start("convergence-test");
    registry = realRegistry.client();
  }

  @AfterContainer
  static void stopRegistry() {
    realRegistry.close();
  }

  /** One raw change of one source: its row id, payload and binlog position. */
  record Change(boolean us, long id, byte[] value) {}

  /**
   * A source's own stream: per customer a create, some city edits, perhaps a delete and a
   * re-create, at increasing positions; commit times come from the position (one tick per change),
   * so changes of the two sources tie or overtake each other at random.
   */
  private static List<Change> stream(boolean us, Random random) {
    List<Change> changes = new ArrayList<>();
    long pos = 100 + random.nextInt(3);
    for (int e = 0; e < EMAILS.size(); e++) {
      if (random.nextInt(4) == 0) {
        continue;
      }
      long id = (us ? 70 : 10) + e;
      changes.add(
          new Change(
              us, id, change("c", row(id, EMAILS.get(e), "C0"), pos += 1 + random.nextInt(3), 1)));
      int edits = random.nextInt(4);
      for (int i = 1; i <= edits; i++) {
        changes.add(
            new Change(
                us,
                id,
                change(
                    "u",
                    row(id, EMAILS.get(e), (us ? "U" : "E") + i),
                    pos += 1 + random.nextInt(3),
                    1)));
      }
      if (random.nextBoolean()) {
        changes.add(
            new Change(
                us,
                id,
                change("d", row(id, EMAILS.get(e), "gone"), pos += 1 + random.nextInt(3), 1)));
        if (random.nextBoolean()) {
          changes.add(
              new Change(
                  us,
                  id,
                  change("c", row(id, EMAILS.get(e), "back"), pos += 1 + random.nextInt(3), 1)));
        }
      }
    }
    return changes;
  }

  private static Map<String, Object> row(long id, String email, String city) {
    Map<String, Object> row = new HashMap<>(customer(id, city));
    row.put("email", email);
    return row;
  }

  /** The stream as delivered at least once: each change possibly followed by a rewind. */
  private static List<Change> delivered(List<Change> stream, Random random) {
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < stream.size(); i++) {
      out.add(stream.get(i));
      if (random.nextInt(5) == 0) {
        int from = random.nextInt(i + 1);
        out.addAll(stream.subList(from, i + 1));
      }
    }
    return out;
  }

  @Property(tries = 25)
  void shouldEndWithTheSameErpCustomersForAnyInterleavingRepetitionAndRewind(@ForAll long seed)
      throws Exception {
    Random random = new Random(seed);
    List<Change> eu = stream(false, random);
    List<Change> us = stream(true, random);
    List<Change> inOrder = new ArrayList<>(eu);
    inOrder.addAll(us);

    List<Change> euDelivered = delivered(eu, random);
    List<Change> usDelivered = delivered(us, random);
    List<Change> interleaved = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < euDelivered.size() || j < usDelivered.size()) {
      boolean takeEu = j >= usDelivered.size() || (i < euDelivered.size() && random.nextBoolean());
      interleaved.add(takeEu ? euDelivered.get(i++) : usDelivered.get(j++));
    }

    Map<String, String> expected = finalErpState(inOrder, seed + "-a", Routing.THROUGH_KAFKA);
    Map<String, String> actual = finalErpState(interleaved, seed + "-b", Routing.THROUGH_KAFKA);
    Map<String, String> inTask = finalErpState(interleaved, seed + "-c", Routing.IN_TASK);

    assertThat(actual).isEqualTo(expected);
    assertThat(inTask).as("the same deliveries routed in task").isEqualTo(actual);
  }

  /**
   * Runs {@code changes} through a fresh topology routed as {@code routing} says; the last command
   * per customer as action, city and source references. Fails when a customer's command version
   * goes down.
   */
  private static Map<String, String> finalErpState(
      List<Change> changes, String run, Routing routing) throws Exception {
    RawTopics eu = TwoCrmDatabases.EU;
    Map<String, String> state = new java.util.TreeMap<>();
    try (TopologyTestDriver driver =
        TwoCrmDatabases.driver("convergence-" + run, registry, routing)) {
      ByteArraySerializer bytes = new ByteArraySerializer();
      TestInputTopic<byte[], byte[]> euIn = driver.createInputTopic(eu.customers(), bytes, bytes);
      TestInputTopic<byte[], byte[]> usIn = driver.createInputTopic(US.customers(), bytes, bytes);
      for (Change c : changes) {
        (c.us() ? usIn : euIn).pipeInput(key(c.id()), c.value());
      }
      Map<String, Long> versions = new HashMap<>();
      for (TestRecord<String, ErpCommand> r :
          TwoCrmDatabases.avroOutput(
                  driver, Topics.ERP_COMMANDS_CUSTOMERS, registry, ErpCommand.class)
              .readRecordsToList()) {
        Long before = versions.put(r.key(), r.value().getVersion());
        assertThat(before == null || before < r.value().getVersion())
            .as("versions of %s only go up", r.key())
            .isTrue();
        ErpCommand command = r.value();
        state.put(
            r.key(),
            command.getAction()
                + " "
                + command.getCustomer().getCity()
                + " "
                + command.getCustomer().getSourceRefs());
      }
    }
    return state;
  }
}
