package io.crmerpsync.streams.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MappingFileTest {
  private static final Map<String, Set<String>> KNOWN =
      Map.of("customer", Set.of("email", "phone", "credit_limit", "street"));

  private static Map<String, EntityRules> parse(String yaml) {
    return MappingFile.parse(yaml, "mapping.yaml", KNOWN);
  }

  @Test
  void shouldReadPoliciesPerFieldWithTheDefaultForTheRest() {
    Map<String, EntityRules> rules =
        parse(
            """
            sources: [crm, erp]
            entities:
              customer:
                default: {owner: crm}
                review-window-ms: 5000
                fields:
                  credit_limit: {owner: erp}
                  phone: {policy: newest-wins}
                  email: {policy: priority}
                  street: {policy: review}
            """);

    EntityRules customer = rules.get("customer");
    assertThat(customer.policyOf("credit_limit")).isEqualTo(new Policy.Owner("erp"));
    assertThat(customer.policyOf("phone")).isEqualTo(new Policy.NewestWins());
    assertThat(customer.policyOf("street")).isEqualTo(new Policy.Review(Duration.ofSeconds(5)));
    assertThat(customer.policyOf("anything-else")).isEqualTo(new Policy.Owner("crm"));
    assertThat(customer.ranking()).containsExactly("crm", "erp");
  }

  @Test
  void shouldNameTheLineOfAnUnknownField() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    sources: [crm, erp]
                    entities:
                      customer:
                        fields:
                          fax: {owner: erp}
                    """))
        .hasMessageContaining("mapping.yaml:5")
        .hasMessageContaining("unknown field 'fax'");
  }

  @Test
  void shouldRejectAnUnknownPolicyNamingTheAllowedOnes() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    sources: [crm, erp]
                    entities:
                      customer:
                        fields:
                          phone: {policy: loudest-wins}
                    """))
        .hasMessageContaining("mapping.yaml:5")
        .hasMessageContaining("unknown policy 'loudest-wins'")
        .hasMessageContaining("newest-wins");
  }

  @Test
  void shouldRejectAFieldGivenTwiceSoItCannotHaveTwoOwners() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    sources: [crm, erp]
                    entities:
                      customer:
                        fields:
                          email: {owner: crm}
                          email: {owner: erp}
                    """))
        .hasMessageContaining("mapping.yaml:6")
        .hasMessageContaining("'email' of customer is given twice");
  }

  @Test
  void shouldRejectAnOwnerThatIsNotASource() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    sources: [crm, erp]
                    entities:
                      customer:
                        fields:
                          email: {owner: sap}
                    """))
        .hasMessageContaining("owner 'sap' is not a source");
  }

  @Test
  void shouldRejectAFieldWithBothAnOwnerAndAPolicy() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    sources: [crm, erp]
                    entities:
                      customer:
                        fields:
                          email: {owner: crm, policy: priority}
                    """))
        .hasMessageContaining("mapping.yaml:5")
        .hasMessageContaining("exactly one of");
  }

  @Test
  void shouldRefuseTheReviewPolicyForAnEntityWithoutAResolutionPath() {
    Map<String, Set<String>> known =
        Map.of("customer", Set.of("street"), "order", Set.of("status", "shipping_city"));
    String yaml =
        """
        sources: [crm, erp]
        entities:
          order:
            fields:
              status: {owner: erp}
              shipping_city: {policy: review}
        """;

    assertThatThrownBy(() -> MappingFile.parse(yaml, "mapping.yaml", known, Set.of("customer")))
        .hasMessageContaining("mapping.yaml:6")
        .hasMessageContaining("policy 'review' is not available for order fields");
    EntityRules order =
        MappingFile.parse(yaml.replace("review", "newest-wins"), "m", known, Set.of("customer"))
            .get("order");
    assertThat(order.policyOf("status")).isEqualTo(new Policy.Owner("erp"));
    assertThat(order.policyOf("shipping_street")).isEqualTo(new Policy.Owner("crm"));
  }

  @Test
  void shouldReadOwnerCrmAsTheOrdersOwnDatabaseWhenRenamed() {
    EntityRules rules =
        new EntityRules(
            "order",
            Map.of("status", new Policy.Owner("erp"), "shipping_city", new Policy.NewestWins()),
            new Policy.Owner("crm"),
            java.util.List.of("crm", "erp"));

    EntityRules us = rules.withOwnerRenamed("crm", "crm-us");

    assertThat(us.policyOf("status")).isEqualTo(new Policy.Owner("erp"));
    assertThat(us.policyOf("shipping_city")).isEqualTo(new Policy.NewestWins());
    assertThat(us.policyOf("shipping_street")).isEqualTo(new Policy.Owner("crm-us"));
    assertThat(us.ranking()).containsExactly("crm-us", "erp");
  }
}
