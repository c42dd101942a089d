package io.crmerpsync.registry.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed request: decoded path parameters, query parameters and the raw body. */
record Request(List<String> pathParameters, Map<String, String> query, byte[] body) {

  String pathParameter(int index) {
    return pathParameters.get(index);
  }

  /** A boolean query flag such as {@code deleted=true}; absent means false. */
  boolean flag(String name) {
    return Boolean.parseBoolean(query.getOrDefault(name, "false"));
  }

  /** Splits a path into decoded, non-empty segments ({@code %2F} inside a subject stays a '/'). */
  static List<String> splitPath(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(decode(segment));
      }
    }
    return segments;
  }

  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      query.putIfAbsent(name, value);
    }
    return query;
  }

  Optional<String> queryValue(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** Percent-decoding for paths: a '+' in a subject name is a plus, not a space. */
  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // a stray '%' is taken literally rather than failing the request
    }
  }
}
