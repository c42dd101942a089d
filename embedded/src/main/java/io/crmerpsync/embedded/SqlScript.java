package io.crmerpsync.embedded;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at semicolons that stand outside quotes and comments.
 *
 * <p>Understands {@code '...'}, {@code "..."} and {@code `...`} quoting (doubled quote and
 * backslash escapes), {@code -- } and {@code #} line comments, and {@code /* *}{@code /} block
 * comments. Limit: no {@code DELIMITER} command, so stored procedures with inner semicolons must be
 * created another way.
 */
final class SqlScript {

  private SqlScript() {}

  static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = endOfQuoted(script, i, c);
        current.append(script, i, end);
        i = end;
      } else if (startsLineComment(script, i)) {
        int end = script.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
        current.append('\n');
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        current.append(' ');
      } else if (c == ';') {
        addIfNotBlank(statements, current);
        current.setLength(0);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    addIfNotBlank(statements, current);
    return statements;
  }

  private static boolean startsLineComment(String s, int i) {
    if (s.charAt(i) == '#') {
      return true;
    }
    return s.startsWith("--", i)
        && (i + 2 >= s.length() || Character.isWhitespace(s.charAt(i + 2)));
  }

  // Returns the index just past the closing quote.
  private static int endOfQuoted(String s, int start, char quote) {
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("unterminated " + quote + " quote starting at " + start);
  }

  private static void addIfNotBlank(List<String> statements, StringBuilder sql) {
    String trimmed = sql.toString().strip();
    if (!trimmed.isEmpty()) {
      statements.add(trimmed);
    }
  }
}
