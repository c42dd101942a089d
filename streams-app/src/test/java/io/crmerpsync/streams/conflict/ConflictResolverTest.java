package io.crmerpsync.streams.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ConflictResolverTest {
  private static final EntityRules RULES =
      new EntityRules(
          "customer",
          Map.of(
              "credit_limit", new Policy.Owner("erp"),
              "phone", new Policy.NewestWins(),
              "email", new Policy.Priority(),
              "street", new Policy.Review(Duration.ofSeconds(10))),
          new Policy.Owner("crm"),
          List.of("crm", "erp"));

  private record Change(String source, long commitTimeMs, Map<String, JsonNode> fields) {}

  /** Each source's changes in its own order, commit times increasing within a source. */
  private static List<Change> stream(String source, int count, Random random) {
    List<Change> changes = new ArrayList<>();
    long time = 0;
    for (int i = 0; i < count; i++) {
      time += random.nextInt(3) * 1000L;
      Map<String, JsonNode> fields = new TreeMap<>();
      for (String field : List.of("credit_limit", "phone", "email", "first_name")) {
        if (random.nextBoolean()) {
          fields.put(field, TextNode.valueOf(source + "-" + field + "-" + i));
        }
      }
      changes.add(new Change(source, time, fields));
    }
    return changes;
  }

  private static Map<String, FieldValue> apply(List<Change> changes) {
    Map<String, FieldValue> golden = new TreeMap<>();
    for (Change change : changes) {
      golden =
          ConflictResolver.resolve(
                  RULES, golden, change.source(), change.commitTimeMs(), change.fields())
              .golden();
    }
    return golden;
  }

  private static Map<String, JsonNode> values(Map<String, FieldValue> golden) {
    Map<String, JsonNode> values = new TreeMap<>();
    golden.forEach((field, value) -> values.put(field, value.value()));
    return values;
  }

  @Property(tries = 300)
  void shouldReachTheSameGoldenRecordForAnyInterleavingThatKeepsEachSourcesOrder(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int perSource) {
    Random random = new Random(seed);
    List<Change> crm = stream("crm", perSource, random);
    List<Change> erp = stream("erp", perSource, random);
    List<Change> crmFirst = new ArrayList<>(crm);
    crmFirst.addAll(erp);
    List<Change> interleaved = new ArrayList<>();
    int c = 0;
    int e = 0;
    while (c < crm.size() || e < erp.size()) {
      boolean takeCrm = e >= erp.size() || (c < crm.size() && random.nextBoolean());
      interleaved.add(takeCrm ? crm.get(c++) : erp.get(e++));
    }

    assertThat(values(apply(interleaved))).isEqualTo(values(apply(crmFirst)));
  }

  @Property(tries = 200)
  void shouldNeverLetTheNonOwnerChangeAFieldOnceItsOwnerSetIt(@ForAll long seed) {
    Random random = new Random(seed);
    List<Change> changes = new ArrayList<>(stream("crm", 6, random));
    changes.addAll(stream("erp", 6, random));
    java.util.Collections.shuffle(changes, random);

    Map<String, FieldValue> golden = new TreeMap<>();
    boolean erpSetCreditLimit = false;
    boolean crmSetFirstName = false;
    for (Change change : changes) {
      golden =
          ConflictResolver.resolve(
                  RULES, golden, change.source(), change.commitTimeMs(), change.fields())
              .golden();
      erpSetCreditLimit |=
          change.source().equals("erp") && change.fields().containsKey("credit_limit");
      crmSetFirstName |= change.source().equals("crm") && change.fields().containsKey("first_name");
      if (erpSetCreditLimit) {
        assertThat(golden.get("credit_limit").source()).isEqualTo("erp");
      }
      if (crmSetFirstName) {
        assertThat(golden.get("first_name").source()).isEqualTo("crm");
      }
    }
  }

  @Example
  void shouldTakeTheNonOwnersValueProvisionallyUntilTheOwnerSetsIt() {
    var provisional =
        ConflictResolver.resolve(
            RULES, Map.of(), "crm", 1000, Map.of("credit_limit", TextNode.valueOf("1500.00")));
    assertThat(provisional.decisions().get(0).verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(provisional.decisions().get(0).rule()).contains("provisional");

    var owner =
        ConflictResolver.resolve(
            RULES,
            provisional.golden(),
            "erp",
            2000,
            Map.of("credit_limit", TextNode.valueOf("5000.00")));
    var rejected =
        ConflictResolver.resolve(
            RULES, owner.golden(), "crm", 3000, Map.of("credit_limit", TextNode.valueOf("9.00")));

    assertThat(rejected.decisions().get(0).verdict()).isEqualTo(Verdict.REJECTED_NOT_OWNER);
    assertThat(rejected.golden().get("credit_limit").value().asText()).isEqualTo("5000.00");
  }

  @Example
  void shouldRejectTheNonOwnersChangeAndSayWhy() {
    Map<String, FieldValue> owned =
        ConflictResolver.resolve(
                RULES, Map.of(), "erp", 500, Map.of("credit_limit", TextNode.valueOf("100.00")))
            .golden();
    var resolution =
        ConflictResolver.resolve(
            RULES, owned, "crm", 1000, Map.of("credit_limit", TextNode.valueOf("9999.00")));

    Decision decision = resolution.decisions().get(0);
    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED_NOT_OWNER);
    assertThat(decision.rule()).contains("erp owns credit_limit, not crm");
    assertThat(resolution.golden().get("credit_limit").value().asText()).isEqualTo("100.00");
  }

  @Example
  void shouldLetTheLaterCommitWinUnderNewestWinsAndBreakTiesByRank() {
    Map<String, FieldValue> golden =
        ConflictResolver.resolve(
                RULES, Map.of(), "erp", 2000, Map.of("phone", TextNode.valueOf("e")))
            .golden();

    var older =
        ConflictResolver.resolve(
            RULES, golden, "crm", 1000, Map.of("phone", TextNode.valueOf("c")));
    var tie =
        ConflictResolver.resolve(
            RULES, golden, "crm", 2000, Map.of("phone", TextNode.valueOf("c")));

    assertThat(older.decisions().get(0).verdict()).isEqualTo(Verdict.LOST_OLDER);
    assertThat(tie.decisions().get(0).verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(tie.golden().get("phone").value().asText()).isEqualTo("c");
  }

  @Example
  void shouldLetAnySourceReplaceAValueAnOperatorSetUnderPriorityAndOnATieUnderNewestWins() {
    // An operator's resolution holds the field under a holder that is none of the sources.
    Map<String, FieldValue> golden =
        Map.of(
            "email", new FieldValue(TextNode.valueOf("op@example.com"), "operator", 2000, null),
            "phone", new FieldValue(TextNode.valueOf("+1"), "operator", 2000, null));

    var byPriority =
        ConflictResolver.resolve(
            RULES, golden, "erp", 1000, Map.of("email", TextNode.valueOf("erp@example.com")));
    var onATie =
        ConflictResolver.resolve(
            RULES, golden, "erp", 2000, Map.of("phone", TextNode.valueOf("+2")));
    var older =
        ConflictResolver.resolve(
            RULES, golden, "crm", 1000, Map.of("phone", TextNode.valueOf("+3")));

    assertThat(byPriority.decisions().get(0).verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(byPriority.golden().get("email").value().asText()).isEqualTo("erp@example.com");
    assertThat(onATie.decisions().get(0).verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(older.decisions().get(0).verdict()).isEqualTo(Verdict.LOST_OLDER);
  }

  @Example
  void shouldSendAConcurrentEditUnderReviewBackToTheLastAgreedValue() {
    Map<String, FieldValue> agreed =
        ConflictResolver.resolve(
                RULES, Map.of(), "crm", 0, Map.of("street", TextNode.valueOf("1 Old Road")))
            .golden();
    Map<String, FieldValue> crmEdit =
        ConflictResolver.resolve(
                RULES, agreed, "crm", 60_000, Map.of("street", TextNode.valueOf("2 CRM Street")))
            .golden();

    var erpEdit =
        ConflictResolver.resolve(
            RULES, crmEdit, "erp", 63_000, Map.of("street", TextNode.valueOf("3 ERP Avenue")));

    Decision decision = erpEdit.decisions().get(0);
    assertThat(decision.verdict()).isEqualTo(Verdict.CONFLICT);
    assertThat(decision.lost().value().asText()).isEqualTo("3 ERP Avenue");
    assertThat(decision.contested().value().asText()).isEqualTo("2 CRM Street");
    assertThat(erpEdit.golden().get("street").value().asText()).isEqualTo("1 Old Road");
  }

  @Example
  void shouldAcceptEditsUnderReviewThatAreFurtherApartThanTheWindow() {
    Map<String, FieldValue> crmEdit =
        ConflictResolver.resolve(
                RULES, Map.of(), "crm", 0, Map.of("street", TextNode.valueOf("2 CRM Street")))
            .golden();

    var erpEdit =
        ConflictResolver.resolve(
            RULES, crmEdit, "erp", 30_000, Map.of("street", TextNode.valueOf("3 ERP Avenue")));

    assertThat(erpEdit.decisions().get(0).verdict()).isEqualTo(Verdict.ACCEPTED);
  }
}
