package io.crmerpsync.registry.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One endpoint: an HTTP method and a path template such as {@code /subjects/{subject}/versions}.
 * The template doubles as the endpoint's name in metrics, so it never carries user data.
 */
record Route(String method, String template, Handler handler) {

  /** Serves a matched request. */
  @FunctionalInterface
  interface Handler {
    Response handle(Request request);
  }

  /** The path parameters if {@code segments} fit this template, in template order. */
  Optional<List<String>> match(List<String> segments) {
    List<String> parts = templateSegments();
    if (parts.size() != segments.size()) {
      return Optional.empty();
    }
    List<String> parameters = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (part.startsWith("{")) {
        parameters.add(segments.get(i));
      } else if (!part.equals(segments.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(parameters);
  }

  private List<String> templateSegments() {
    return Request.splitPath(template);
  }
}
