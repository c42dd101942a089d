package io.crmerpsync.registry;

import static io.crmerpsync.registry.RegistryHttp.encode;
import static io.crmerpsync.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.embedded.EmbeddedKafka;
import io.crmerpsync.registry.RegistryHttp.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The REST API against a real registry on a real (embedded) Kafka broker. */
class SchemaRegistryHttpTest {

  private static final String CUSTOMER_V1 =
      "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"crm\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"}]}";
  private static final String CUSTOMER_V1_SPACED =
      "{ \"namespace\": \"crm\", \"name\": \"Customer\", \"type\": \"record\",\n  \"fields\": [\n"
          + "    {\"type\": \"long\", \"name\": \"id\"},\n    {\"name\": \"name\", \"type\": \"string\"}\n  ] }";
  private static final String CUSTOMER_EMAIL_REQUIRED =
      "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"crm\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"},"
          + "{\"name\":\"email\",\"type\":\"string\"}]}";
  private static final String CUSTOMER_EMAIL_OPTIONAL =
      "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"crm\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"},"
          + "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

  private static EmbeddedKafka kafka;
  private static SimpleMeterRegistry meters;
  private static SchemaRegistryServer server;
  private static RegistryHttp http;
  private static final AtomicInteger SUBJECTS = new AtomicInteger();

  private String subject;

  @BeforeAll
  static void startKafkaAndRegistry() {
    kafka = EmbeddedKafka.start(TestDirs.fresh("registry-http-kafka"));
    meters = new SimpleMeterRegistry();
    server = SchemaRegistryServer.start(RegistryConfig.forKafka(kafka.bootstrapServers()), meters);
    http = new RegistryHttp(server.baseUri());
  }

  @AfterAll
  static void stopRegistryThenKafka() {
    if (server != null) {
      server.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @BeforeEach
  void pickASubjectOfItsOwn(TestInfo test) {
    subject =
        "crm." + test.getTestMethod().orElseThrow().getName() + "-" + SUBJECTS.incrementAndGet();
  }

  @Test
  void shouldReturnAnIdForANewSchemaAndServeItBackEveryWay() {
    Answer registered = http.register(subject, CUSTOMER_V1);

    assertThat(registered.status()).isEqualTo(200);
    int id = registered.body().path("id").asInt();
    assertThat(id).isPositive();
    assertThat(http.get("/subjects").body())
        .extracting(n -> n.toString())
        .asString()
        .contains("\"" + subject + "\"");
    assertThat(http.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1]");
    Answer version = http.get("/subjects/" + subject + "/versions/1");
    assertThat(version.body().path("subject").asText()).isEqualTo(subject);
    assertThat(version.body().path("version").asInt()).isEqualTo(1);
    assertThat(version.body().path("id").asInt()).isEqualTo(id);
    assertThat(version.body().path("schema").asText()).isEqualTo(CUSTOMER_V1);
    assertThat(http.get("/subjects/" + subject + "/versions/latest").body())
        .isEqualTo(version.body());
    assertThat(http.get("/subjects/" + subject + "/versions/1/schema").text())
        .isEqualTo(CUSTOMER_V1);
    assertThat(http.get("/schemas/ids/" + id).body().path("schema").asText())
        .isEqualTo(CUSTOMER_V1);
    assertThat(http.get("/schemas/ids/" + id + "/schema").text()).isEqualTo(CUSTOMER_V1);
    assertThat(http.get("/schemas/ids/" + id + "/versions").body().toString())
        .contains("{\"subject\":\"" + subject + "\",\"version\":1}");
    assertThat(http.get("/schemas/ids/" + id + "/subjects").body().toString())
        .contains("\"" + subject + "\"");
  }

  @Test
  void shouldReturnTheSameIdAndNoNewVersionWhenTheSameSchemaIsRegisteredAgain() {
    int id = http.register(subject, CUSTOMER_V1).body().path("id").asInt();

    Answer again = http.register(subject, CUSTOMER_V1_SPACED);

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("id").asInt()).isEqualTo(id);
    assertThat(http.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1]");
  }

  @Test
  void shouldGiveTheSameSchemaTheSameIdUnderAnotherSubject() {
    int id = http.register(subject, CUSTOMER_V1).body().path("id").asInt();

    Answer other = http.register(subject + "-copy", CUSTOMER_V1);

    assertThat(other.body().path("id").asInt()).isEqualTo(id);
    assertThat(
            http.get("/subjects/" + subject + "-copy/versions/latest")
                .body()
                .path("version")
                .asInt())
        .isEqualTo(1);
    assertThat(http.get("/schemas/ids/" + id + "/subjects").body().toString())
        .contains("\"" + subject + "\"", "\"" + subject + "-copy\"");
  }

  @Test
  void shouldRefuseABackwardIncompatibleChangeWith409NamingTheField() {
    http.register(subject, CUSTOMER_V1);

    Answer refused = http.register(subject, CUSTOMER_EMAIL_REQUIRED);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo(409);
    assertThat(refused.message())
        .contains(subject)
        .contains("BACKWARD")
        .contains("reader field 'email' has no default value and is missing from writer");
    assertThat(http.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1]");
  }

  @Test
  void shouldRegisterACompatibleEvolutionAsVersionTwoWithANewId() {
    int first = http.register(subject, CUSTOMER_V1).body().path("id").asInt();

    Answer evolved = http.register(subject, CUSTOMER_EMAIL_OPTIONAL);

    assertThat(evolved.status()).isEqualTo(200);
    int second = evolved.body().path("id").asInt();
    assertThat(second).isGreaterThan(first);
    assertThat(http.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1,2]");
    Answer latest = http.get("/subjects/" + subject + "/versions/latest");
    assertThat(latest.body().path("version").asInt()).isEqualTo(2);
    assertThat(latest.body().path("id").asInt()).isEqualTo(second);
  }

  @Test
  void shouldHandOutOneIdAndOneVersionWhenClientsRaceToRegisterTheSameSchema() throws Exception {
    String schema =
        "{\"type\":\"record\",\"name\":\"Raced\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Integer>> sameSubject = new ArrayList<>();
      List<Callable<Integer>> ownSubjects = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        sameSubject.add(() -> http.register(subject, schema).body().path("id").asInt());
        String own = subject + "-own-" + i;
        String distinct = "{\"type\":\"fixed\",\"name\":\"F\",\"size\":" + (100 + i) + "}";
        ownSubjects.add(() -> http.register(own, distinct).body().path("id").asInt());
      }

      Set<Integer> sameIds = new HashSet<>();
      for (Future<Integer> id : clients.invokeAll(sameSubject)) {
        sameIds.add(id.get());
      }
      Set<Integer> distinctIds = new HashSet<>();
      for (Future<Integer> id : clients.invokeAll(ownSubjects)) {
        distinctIds.add(id.get());
      }

      assertThat(sameIds).hasSize(1).allMatch(id -> id > 0);
      assertThat(http.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1]");
      assertThat(distinctIds).hasSize(6).doesNotContainAnyElementsOf(sameIds);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void shouldAnswer40401ForAnUnknownSubject() {
    for (Answer answer :
        new Answer[] {
          http.get("/subjects/nobody/versions"),
          http.get("/subjects/nobody/versions/1"),
          http.post("/subjects/nobody", schemaBody(CUSTOMER_V1)),
          http.delete("/subjects/nobody"),
          http.post("/compatibility/subjects/nobody/versions/latest", schemaBody(CUSTOMER_V1))
        }) {
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.errorCode()).isEqualTo(40401);
      assertThat(answer.message()).contains("'nobody' not found");
    }
  }

  @Test
  void shouldAnswer40402ForAnUnknownVersion() {
    http.register(subject, CUSTOMER_V1);

    Answer answer = http.get("/subjects/" + subject + "/versions/7");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.errorCode()).isEqualTo(40402);
    assertThat(answer.message()).contains("Version 7 not found");
  }

  @Test
  void shouldAnswer40403ForAnUnknownSchemaId() {
    for (String path :
        new String[] {"/schemas/ids/99999", "/schemas/ids/99999/versions", "/schemas/ids/abc"}) {
      Answer answer = http.get(path);
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.errorCode()).isEqualTo(40403);
    }
  }

  @Test
  void shouldAnswer42202ForAVersionThatIsNotOne() {
    http.register(subject, CUSTOMER_V1);

    Answer answer = http.get("/subjects/" + subject + "/versions/zero");

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.errorCode()).isEqualTo(42202);
    assertThat(answer.message()).contains("'zero' is not a valid version id");
  }

  @Test
  void shouldAnswer42201ForAnInvalidSchemaWithTheParsersMessage() {
    Answer invalid = http.register(subject, "{\"type\":\"record\",\"name\":\"NoFields\"}");

    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.errorCode()).isEqualTo(42201);
    assertThat(invalid.message()).startsWith("Invalid schema").contains("fields");
    assertThat(http.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
  }

  @Test
  void shouldAnswer42201ForASchemaTypeOtherThanAvro() {
    Answer protobuf =
        http.post(
            "/subjects/" + subject + "/versions",
            "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

    assertThat(protobuf.status()).isEqualTo(422);
    assertThat(protobuf.errorCode()).isEqualTo(42201);
    assertThat(protobuf.message()).isEqualTo("schemaType PROTOBUF is not supported; only AVRO is");
  }

  @Test
  void shouldAnswerAMalformedBodyWith400AndSayWhy() {
    Answer notJson = http.post("/subjects/" + subject + "/versions", "{\"schema\": ");
    Answer noSchema = http.post("/subjects/" + subject + "/versions", "{\"schemaType\":\"AVRO\"}");

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.errorCode()).isEqualTo(400);
    assertThat(notJson.message()).startsWith("Malformed JSON in the request body");
    assertThat(noSchema.status()).isEqualTo(422);
    assertThat(noSchema.errorCode()).isEqualTo(42201);
    assertThat(noSchema.message()).contains("no \"schema\" field");
  }

  @Test
  void shouldSetAndGetCompatibilityPerSubject() {
    http.register(subject, CUSTOMER_V1);
    String config = "/config/" + encode(subject);
    assertThat(http.get(config).errorCode()).isEqualTo(40408);
    assertThat(
            http.get(config + "?defaultToGlobal=true").body().path("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");

    Answer set = http.put(config, "{\"compatibility\":\"NONE\"}");

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().path("compatibility").asText()).isEqualTo("NONE");
    assertThat(http.get(config).body().path("compatibilityLevel").asText()).isEqualTo("NONE");
    assertThat(http.get("/config").body().path("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
    assertThat(http.register(subject, CUSTOMER_EMAIL_REQUIRED).status()).isEqualTo(200);

    Answer removed = http.delete(config);
    assertThat(removed.body().path("compatibilityLevel").asText()).isEqualTo("NONE");
    assertThat(http.get(config).errorCode()).isEqualTo(40408);
  }

  @Test
  void shouldAnswer42203ForAnUnknownCompatibilityLevel() {
    Answer answer = http.put("/config/" + encode(subject), "{\"compatibility\":\"SIDEWAYS\"}");

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.errorCode()).isEqualTo(42203);
    assertThat(answer.message()).contains("SIDEWAYS").contains("FULL_TRANSITIVE");
  }

  @Test
  void shouldCheckCompatibilityWithoutRegisteringAnything() {
    http.register(subject, CUSTOMER_V1);
    String check = "/compatibility/subjects/" + encode(subject) + "/versions/latest";

    Answer incompatible = http.post(check, schemaBody(CUSTOMER_EMAIL_REQUIRED));
    Answer compatible = http.post(check, schemaBody(CUSTOMER_EMAIL_OPTIONAL));
    Answer againstAll =
        http.post(
            "/compatibility/subjects/" + encode(subject) + "/versions",
            schemaBody(CUSTOMER_EMAIL_REQUIRED));

    assertThat(incompatible.status()).isEqualTo(200);
    assertThat(incompatible.body().path("is_compatible").asBoolean()).isFalse();
    assertThat(incompatible.body().path("messages").get(0).asText())
        .contains("reader field 'email' has no default value");
    assertThat(compatible.body().path("is_compatible").asBoolean()).isTrue();
    assertThat(compatible.body().path("messages").isEmpty()).isTrue();
    assertThat(againstAll.body().path("is_compatible").asBoolean()).isFalse();
    assertThat(http.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1]");
    assertThat(http.post(check.replace("latest", "9"), schemaBody(CUSTOMER_V1)).errorCode())
        .isEqualTo(40402);
  }

  @Test
  void shouldFindWhichVersionOfASubjectHoldsASchema() {
    int id = http.register(subject, CUSTOMER_V1).body().path("id").asInt();
    http.register(subject, CUSTOMER_EMAIL_OPTIONAL);

    Answer found = http.post("/subjects/" + encode(subject), schemaBody(CUSTOMER_V1_SPACED));
    Answer missing = http.post("/subjects/" + encode(subject), schemaBody("\"string\""));

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.body().path("subject").asText()).isEqualTo(subject);
    assertThat(found.body().path("version").asInt()).isEqualTo(1);
    assertThat(found.body().path("id").asInt()).isEqualTo(id);
    assertThat(found.body().path("schema").asText()).isEqualTo(CUSTOMER_V1);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(40403);
  }

  @Test
  void shouldSoftDeleteASubjectAndKeepItsIdsResolvable() {
    int id = http.register(subject, CUSTOMER_V1).body().path("id").asInt();
    http.register(subject, CUSTOMER_EMAIL_OPTIONAL);

    Answer deleted = http.delete("/subjects/" + encode(subject));

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().toString()).isEqualTo("[1,2]");
    assertThat(http.get("/subjects").body().toString()).doesNotContain("\"" + subject + "\"");
    assertThat(http.get("/subjects?deleted=true").body().toString())
        .contains("\"" + subject + "\"");
    assertThat(http.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
    assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").body().toString())
        .isEqualTo("[1,2]");
    assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
    assertThat(http.delete("/subjects/" + encode(subject)).errorCode()).isEqualTo(40404);
    assertThat(http.delete("/subjects/" + encode(subject) + "?permanent=true").status())
        .isEqualTo(501);

    Answer again = http.register(subject, CUSTOMER_V1);
    assertThat(again.body().path("id").asInt()).isEqualTo(id);
    assertThat(http.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[3]");
  }

  @Test
  void shouldSoftDeleteOneVersionSoTheLatestMovesBack() {
    http.register(subject, CUSTOMER_V1);
    http.register(subject, CUSTOMER_EMAIL_OPTIONAL);

    Answer deleted = http.delete("/subjects/" + encode(subject) + "/versions/latest");

    assertThat(deleted.body().asInt()).isEqualTo(2);
    assertThat(http.get("/subjects/" + subject + "/versions/latest").body().path("version").asInt())
        .isEqualTo(1);
    assertThat(http.get("/subjects/" + subject + "/versions/2").errorCode()).isEqualTo(40402);
    assertThat(http.delete("/subjects/" + encode(subject) + "/versions/2").errorCode())
        .isEqualTo(40406);
  }

  @Test
  void shouldKeepSubjectNamesWithSlashesAndPlusSignsIntact() {
    String odd = subject + "/with+plus";

    http.register(odd, CUSTOMER_V1);

    assertThat(http.get("/subjects/" + encode(odd) + "/versions/1").body().path("subject").asText())
        .isEqualTo(odd);
  }

  @Test
  void shouldAcceptJsonAndOctetStreamBodiesAndAnswerInTheRegistryContentType() {
    Answer asJson =
        http.post(
            "/subjects/" + encode(subject) + "/versions",
            schemaBody(CUSTOMER_V1),
            "application/json");
    Answer asOctets =
        http.post(
            "/subjects/" + encode(subject) + "/versions",
            schemaBody(CUSTOMER_V1),
            "application/octet-stream");

    assertThat(asJson.status()).isEqualTo(200);
    assertThat(asOctets.body().path("id").asInt()).isEqualTo(asJson.body().path("id").asInt());
    assertThat(asJson.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(http.get("/nowhere").contentType())
        .isEqualTo("application/vnd.schemaregistry.v1+json");
  }

  @Test
  void shouldAnswerTheRootHealthAndTypesEndpoints() {
    assertThat(http.get("/").text()).isEqualTo("{}");
    Answer health = http.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().path("status").asText()).isEqualTo("UP");
    assertThat(http.get("/schemas/types").body().toString()).isEqualTo("[\"AVRO\"]");
  }

  @Test
  void shouldAnswerUnknownPathsWith404AndWrongMethodsWith405() {
    Answer unknown = http.get("/nowhere/at/all");
    Answer wrongMethod = http.put("/subjects/" + subject + "/versions", schemaBody("\"int\""));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo(404);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.message()).contains("GET").contains("POST");
  }

  @Test
  void shouldCountRequestsByEndpointMethodAndStatus() {
    http.register(subject, CUSTOMER_V1);
    http.get("/subjects/" + subject + "/versions/5");
    http.get("/subjects/" + subject + "/versions/5");

    assertThat(
            meters
                .get("registry.http.requests")
                .tags(
                    "endpoint", "/subjects/{subject}/versions/{version}",
                    "method", "GET",
                    "status", "404")
                .timer()
                .count())
        .isGreaterThanOrEqualTo(2);
    assertThat(
            meters
                .get("registry.http.requests")
                .tags("endpoint", "/subjects/{subject}/versions", "method", "POST", "status", "200")
                .timer()
                .count())
        .isPositive();
    assertThat(meters.get("registry.schemas").gauge().value()).isPositive();
  }

  @Test
  void shouldStartWithTheConfiguredGlobalLevelAndLetItBeChanged() {
    Map<String, Object> settings =
        Map.of(
            RegistryConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
            RegistryConfig.TOPIC, "test.registry.global-config.v1",
            RegistryConfig.DEFAULT_COMPATIBILITY, "FULL");
    try (SchemaRegistryServer own =
        SchemaRegistryServer.start(RegistryConfig.from(settings), new SimpleMeterRegistry())) {
      RegistryHttp ownHttp = new RegistryHttp(own.baseUri());
      assertThat(ownHttp.get("/config").body().path("compatibilityLevel").asText())
          .isEqualTo("FULL");
      ownHttp.register(subject, CUSTOMER_V1);
      // Removing a field without default: fine for BACKWARD, not for FULL.
      String withoutName =
          "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"crm\",\"fields\":["
              + "{\"name\":\"id\",\"type\":\"long\"}]}";
      assertThat(ownHttp.register(subject, withoutName).status()).isEqualTo(409);

      Answer changed = ownHttp.put("/config", "{\"compatibility\":\"backward\"}");

      assertThat(changed.body().path("compatibility").asText()).isEqualTo("BACKWARD");
      assertThat(ownHttp.get("/config").body().path("compatibilityLevel").asText())
          .isEqualTo("BACKWARD");
      assertThat(ownHttp.register(subject, withoutName).status()).isEqualTo(200);
    }
  }
}
