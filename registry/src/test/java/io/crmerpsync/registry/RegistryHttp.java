package io.crmerpsync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A test's view of the registry over plain HTTP, the way curl or a serializer talks to it. */
final class RegistryHttp {

  static final String REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;

  RegistryHttp(URI base) {
    this.base = base;
  }

  /** An answer: status, JSON body and content type. */
  record Answer(int status, JsonNode body, String contentType, String text) {
    int errorCode() {
      return body.path("error_code").asInt();
    }

    String message() {
      return body.path("message").asText();
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), REGISTRY_JSON);
  }

  Answer delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE(), REGISTRY_JSON);
  }

  Answer post(String path, String body) {
    return post(path, body, REGISTRY_JSON);
  }

  Answer post(String path, String body, String contentType) {
    return send(
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)),
        contentType);
  }

  Answer put(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)),
        REGISTRY_JSON);
  }

  /** POST /subjects/{subject}/versions with the schema wrapped as Confluent expects. */
  Answer register(String subject, String schema) {
    return post("/subjects/" + encode(subject) + "/versions", schemaBody(schema));
  }

  static String schemaBody(String schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema);
    return body.toString();
  }

  static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private Answer send(HttpRequest.Builder request, String contentType) {
    try {
      HttpResponse<String> response =
          client.send(
              request.header("Content-Type", contentType).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode body = text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
      return new Answer(
          response.statusCode(),
          body,
          response.headers().firstValue("Content-Type").orElse(""),
          text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
