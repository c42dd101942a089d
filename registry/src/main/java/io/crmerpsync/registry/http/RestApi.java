package io.crmerpsync.registry.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.crmerpsync.registry.compat.CompatibilityLevel;
import io.crmerpsync.registry.compat.CompatibilityResult;
import io.crmerpsync.registry.store.StoredVersion;
import io.crmerpsync.registry.subjects.ErrorCode;
import io.crmerpsync.registry.subjects.RegistryException;
import io.crmerpsync.registry.subjects.SchemaRequest;
import io.crmerpsync.registry.subjects.SubjectRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API subset, on the JDK's HTTP server.
 *
 * <p>Responses are {@code application/vnd.schemaregistry.v1+json}. Request bodies are read as JSON
 * whatever their declared content type, so clients that send {@code application/json}, {@code
 * application/octet-stream} or the registry's own type all work, and so do curl scripts that forget
 * the header. Errors have Confluent's shape {@code {"error_code":N,"message":"..."}}. Every request
 * is timed in {@code registry.http.requests}, tagged by endpoint template, method and status.
 */
public final class RestApi implements HttpHandler {

  /** The content type of every response. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(RestApi.class);
  private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  private static final Set<String> KNOWN_METHODS = Set.of("GET", "POST", "PUT", "DELETE");
  private static final String UNMATCHED = "unmatched";

  private final SubjectRegistry registry;
  private final Supplier<Optional<String>> unhealthyReason;
  private final MeterRegistry meters;
  private final ObjectMapper json = new ObjectMapper();
  private final List<Route> routes;

  /**
   * @param registry the operations
   * @param unhealthyReason empty while healthy, else why not (for {@code GET /health})
   * @param meters where request timings go
   */
  public RestApi(
      SubjectRegistry registry, Supplier<Optional<String>> unhealthyReason, MeterRegistry meters) {
    this.registry = registry;
    this.unhealthyReason = unhealthyReason;
    this.meters = meters;
    this.routes = routes();
  }

  // Response bodies. Confluent omits schemaType for AVRO, and so do we.
  record IdBody(int id) {}

  record SchemaBody(String schema) {}

  record VersionBody(String subject, int version, int id, String schema) {}

  record SubjectVersionBody(String subject, int version) {}

  record LevelBody(String compatibilityLevel) {}

  record LevelUpdateBody(String compatibility) {}

  record CompatibilityBody(
      @JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {}

  record ErrorBody(@JsonProperty("error_code") int errorCode, String message) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record HealthBody(String status, String reason) {}

  private List<Route> routes() {
    return List.of(
        new Route("GET", "/", request -> Response.ok(Map.of())),
        new Route("GET", "/health", request -> health()),
        new Route("GET", "/schemas/types", request -> Response.ok(List.of("AVRO"))),
        new Route("GET", "/subjects", request -> Response.ok(registry.subjects(deleted(request)))),
        new Route(
            "GET",
            "/subjects/{subject}/versions",
            request -> Response.ok(registry.versions(subject(request), deleted(request)))),
        new Route(
            "POST",
            "/subjects/{subject}/versions",
            request ->
                Response.ok(new IdBody(registry.register(subject(request), schemaOf(request))))),
        new Route(
            "GET",
            "/subjects/{subject}/versions/{version}",
            request ->
                Response.ok(
                    versionBody(
                        registry.version(
                            subject(request), request.pathParameter(1), deleted(request))))),
        new Route(
            "GET",
            "/subjects/{subject}/versions/{version}/schema",
            request ->
                Response.rawJson(
                    registry
                        .version(subject(request), request.pathParameter(1), deleted(request))
                        .schema())),
        new Route(
            "DELETE",
            "/subjects/{subject}/versions/{version}",
            request ->
                Response.ok(
                    registry.deleteVersion(
                        subject(request), request.pathParameter(1), request.flag("permanent")))),
        new Route(
            "POST",
            "/subjects/{subject}",
            request ->
                Response.ok(
                    versionBody(
                        registry.lookup(subject(request), schemaOf(request), deleted(request))))),
        new Route(
            "DELETE",
            "/subjects/{subject}",
            request ->
                Response.ok(registry.deleteSubject(subject(request), request.flag("permanent")))),
        new Route(
            "GET",
            "/schemas/ids/{id}",
            request -> Response.ok(new SchemaBody(registry.schemaById(id(request))))),
        new Route(
            "GET",
            "/schemas/ids/{id}/schema",
            request -> Response.rawJson(registry.schemaById(id(request)))),
        new Route(
            "GET",
            "/schemas/ids/{id}/versions",
            request ->
                Response.ok(
                    registry.usagesOf(id(request), deleted(request)).stream()
                        .map(v -> new SubjectVersionBody(v.subject(), v.version()))
                        .toList())),
        new Route(
            "GET",
            "/schemas/ids/{id}/subjects",
            request ->
                Response.ok(
                    registry.usagesOf(id(request), deleted(request)).stream()
                        .map(StoredVersion::subject)
                        .distinct()
                        .toList())),
        new Route(
            "GET", "/config", request -> Response.ok(new LevelBody(registry.globalLevel().name()))),
        new Route("PUT", "/config", request -> Response.ok(setLevel(Optional.empty(), request))),
        new Route("GET", "/config/{subject}", this::subjectLevel),
        new Route(
            "PUT",
            "/config/{subject}",
            request -> Response.ok(setLevel(Optional.of(subject(request)), request))),
        new Route(
            "DELETE",
            "/config/{subject}",
            request ->
                Response.ok(new LevelBody(registry.clearSubjectLevel(subject(request)).name()))),
        new Route(
            "POST",
            "/compatibility/subjects/{subject}/versions/{version}",
            request ->
                Response.ok(
                    compatibilityBody(
                        registry.testCompatibility(
                            subject(request),
                            Optional.of(request.pathParameter(1)),
                            schemaOf(request))))),
        new Route(
            "POST",
            "/compatibility/subjects/{subject}/versions",
            request ->
                Response.ok(
                    compatibilityBody(
                        registry.testCompatibility(
                            subject(request), Optional.empty(), schemaOf(request))))));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String endpoint = UNMATCHED;
    int status = 500;
    try {
      List<String> segments = Request.splitPath(exchange.getRequestURI().getRawPath());
      Route route = findRoute(method, segments);
      endpoint = route.template();
      Request request =
          new Request(
              route.match(segments).orElseThrow(),
              Request.parseQuery(exchange.getRequestURI().getRawQuery()),
              readBody(exchange.getRequestBody()));
      Response response = route.handler().handle(request);
      status = response.status();
      send(exchange, status, render(response));
    } catch (RegistryException e) {
      status = e.errorCode().httpStatus();
      if (status == 500) {
        log.error("{} {} failed: {}", method, exchange.getRequestURI(), e.getMessage(), e);
      } else {
        log.debug("{} {} refused: {}", method, exchange.getRequestURI(), e.getMessage());
      }
      send(exchange, status, error(e.errorCode(), e.getMessage()));
    } catch (RuntimeException e) {
      status = ErrorCode.INTERNAL_ERROR.httpStatus();
      log.error("{} {} failed unexpectedly", method, exchange.getRequestURI(), e);
      send(exchange, status, error(ErrorCode.INTERNAL_ERROR, "Internal error: " + e));
    } finally {
      exchange.close();
      Timer.builder("registry.http.requests")
          .description("Schema registry HTTP requests by endpoint, method and status")
          .tag("endpoint", endpoint)
          .tag("method", KNOWN_METHODS.contains(method) ? method : "OTHER")
          .tag("status", String.valueOf(status))
          .register(meters)
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  private Route findRoute(String method, List<String> segments) {
    List<Route> matching = routes.stream().filter(r -> r.match(segments).isPresent()).toList();
    if (matching.isEmpty()) {
      throw new RegistryException(ErrorCode.NOT_FOUND, "HTTP 404 Not Found");
    }
    return matching.stream()
        .filter(r -> r.method().equals(method))
        .findFirst()
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorCode.METHOD_NOT_ALLOWED,
                    "HTTP 405 Method Not Allowed: "
                        + method
                        + " on "
                        + matching.get(0).template()
                        + "; allowed: "
                        + matching.stream().map(Route::method).toList()));
  }

  private Response health() {
    Optional<String> reason = unhealthyReason.get();
    return reason
        .map(why -> Response.of(503, new HealthBody("DOWN", why)))
        .orElseGet(() -> Response.ok(new HealthBody("UP", null)));
  }

  private Response subjectLevel(Request request) {
    String subject = subject(request);
    Optional<CompatibilityLevel> own = registry.subjectLevel(subject);
    if (own.isEmpty() && request.flag("defaultToGlobal")) {
      own = Optional.of(registry.globalLevel());
    }
    return own.map(level -> Response.ok(new LevelBody(level.name())))
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorCode.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                    "Subject '"
                        + subject
                        + "' does not have subject-level compatibility configured"));
  }

  private LevelUpdateBody setLevel(Optional<String> subject, Request request) {
    JsonNode body = jsonBody(request);
    // Confluent's request field is "compatibility"; accept the response spelling as well.
    JsonNode level =
        body.has("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
    if (level == null || !level.isTextual()) {
      throw new RegistryException(
          ErrorCode.INVALID_COMPATIBILITY_LEVEL,
          "Invalid compatibility level: the body needs a \"compatibility\" field, one of "
              + CompatibilityLevel.allowedNames());
    }
    return new LevelUpdateBody(registry.setLevel(subject, level.asText()).name());
  }

  private SchemaRequest schemaOf(Request request) {
    JsonNode body = jsonBody(request);
    JsonNode schema = body.get("schema");
    if (schema == null || schema.isNull()) {
      throw new RegistryException(
          ErrorCode.INVALID_SCHEMA, "Invalid schema: the request body has no \"schema\" field");
    }
    if (!schema.isTextual()) {
      throw new RegistryException(
          ErrorCode.INVALID_SCHEMA,
          "Invalid schema: \"schema\" must be a string holding the schema's JSON, got "
              + schema.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    JsonNode type = body.get("schemaType");
    Optional<String> schemaType =
        type == null || type.isNull() ? Optional.empty() : Optional.of(type.asText());
    JsonNode references = body.get("references");
    boolean hasReferences = references != null && references.isArray() && !references.isEmpty();
    return new SchemaRequest(schema.asText(), schemaType, hasReferences);
  }

  private JsonNode jsonBody(Request request) {
    if (request.body().length == 0) {
      throw new RegistryException(ErrorCode.MALFORMED_REQUEST, "The request body is empty");
    }
    JsonNode body;
    try {
      body = json.readTree(request.body());
    } catch (IOException e) {
      throw new RegistryException(
          ErrorCode.MALFORMED_REQUEST,
          "Malformed JSON in the request body: " + firstLine(e.getMessage()),
          e);
    }
    if (body == null || !body.isObject()) {
      throw new RegistryException(
          ErrorCode.MALFORMED_REQUEST, "The request body must be a JSON object");
    }
    return body;
  }

  private static String subject(Request request) {
    return request.pathParameter(0);
  }

  private static boolean deleted(Request request) {
    return request.flag("deleted");
  }

  private static int id(Request request) {
    String raw = request.pathParameter(0);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new RegistryException(ErrorCode.SCHEMA_NOT_FOUND, "Schema " + raw + " not found");
    }
  }

  private static VersionBody versionBody(StoredVersion v) {
    return new VersionBody(v.subject(), v.version(), v.id(), v.schema());
  }

  private static CompatibilityBody compatibilityBody(CompatibilityResult result) {
    return new CompatibilityBody(result.isCompatible(), result.messages());
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      throw new RegistryException(
          ErrorCode.REQUEST_TOO_LARGE,
          "The request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    return body;
  }

  private byte[] render(Response response) {
    if (response.renderedJson() != null) {
      return response.renderedJson().getBytes(StandardCharsets.UTF_8);
    }
    try {
      return json.writeValueAsBytes(response.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a response", e);
    }
  }

  private byte[] error(ErrorCode code, String message) {
    try {
      return json.writeValueAsBytes(new ErrorBody(code.code(), message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render an error", e);
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
