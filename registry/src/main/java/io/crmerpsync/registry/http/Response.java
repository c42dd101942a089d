package io.crmerpsync.registry.http;

/**
 * What an endpoint answers: a status and either a value to render as JSON or JSON text that is
 * already rendered (a stored schema, sent as it is).
 */
record Response(int status, Object body, String renderedJson) {

  static Response ok(Object body) {
    return new Response(200, body, null);
  }

  static Response of(int status, Object body) {
    return new Response(status, body, null);
  }

  static Response rawJson(String json) {
    return new Response(200, null, json);
  }
}
