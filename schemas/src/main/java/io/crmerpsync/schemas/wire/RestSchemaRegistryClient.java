package io.crmerpsync.schemas.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Talks the Confluent Schema Registry REST API over HTTP. Ids and schemas are cached for the life
 * of the client: a registered schema's id never changes, so the registry is called once per schema
 * and subject, never once per record.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUri;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  public RestSchemaRegistryClient(String baseUrl) {
    this(baseUrl, Duration.ofSeconds(10));
  }

  public RestSchemaRegistryClient(String baseUrl, Duration timeout) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.baseUri = URI.create(trimmed);
    if (baseUri.getScheme() == null || baseUri.getHost() == null) {
      throw new IllegalArgumentException(
          "schema registry URL '" + baseUrl + "' is not an absolute http(s) URL");
    }
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The registry's base URL, without a trailing slash. */
  public String baseUrl() {
    return baseUri.toString();
  }

  @Override
  public int register(String subject, Schema schema) {
    return idsBySubjectSchema.computeIfAbsent(
        new SubjectSchema(subject, schema), key -> registerRemotely(subject, schema));
  }

  private int registerRemotely(String subject, Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", body);
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistryException(
          200, -1, "registry answered register of subject '" + subject + "' without an id");
    }
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    return schemasById.computeIfAbsent(id, this::fetchSchema);
  }

  private Schema fetchSchema(int id) {
    JsonNode answer = send("GET", "/schemas/ids/" + id, null);
    String text = answer.path("schema").asText(null);
    if (text == null) {
      throw new SchemaRegistryException(200, -1, "registry answered schema id " + id + " empty");
    }
    return new Schema.Parser().parse(text);
  }

  @Override
  public void setCompatibility(String subject, String level) {
    ObjectNode body = JSON.createObjectNode();
    body.put("compatibility", level);
    send("PUT", "/config/" + encode(subject), body);
  }

  @Override
  public String compatibility(String subject) {
    try {
      return send("GET", "/config/" + encode(subject), null).path("compatibilityLevel").asText();
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() != 404) {
        throw e;
      }
      return send("GET", "/config", null).path("compatibilityLevel").asText();
    }
  }

  private JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUri + path))
            .timeout(timeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "schema registry at " + baseUri + " could not be reached for " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while calling the schema registry", e);
    }
    JsonNode answer = parse(response.body());
    if (response.statusCode() >= 300) {
      throw new SchemaRegistryException(
          response.statusCode(),
          answer.path("error_code").asInt(-1),
          "schema registry refused "
              + method
              + " "
              + path
              + " with HTTP "
              + response.statusCode()
              + ": "
              + answer.path("message").asText(response.body()));
    }
    return answer;
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", text);
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
