package io.crmerpsync.bench.report;

import java.util.Locale;

/**
 * A small SVG document written as text: elements with attributes, optionally with text content,
 * escaped for XML. Enough for the report's charts; no layout, no styling beyond attributes.
 */
final class Svg {
  private final int width;
  private final int height;
  private final StringBuilder body = new StringBuilder();

  Svg(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /**
   * Adds an empty element: {@code attributes} are name, value pairs.
   *
   * @return this, to chain
   */
  Svg add(String name, Object... attributes) {
    return element(name, null, attributes);
  }

  /** Adds a {@code text} element showing {@code content}. */
  Svg text(String content, Object... attributes) {
    return element("text", content, attributes);
  }

  private Svg element(String name, String text, Object... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs: " + name);
    }
    body.append("  <").append(name);
    for (int i = 0; i < attributes.length; i += 2) {
      body.append(' ')
          .append(attributes[i])
          .append("=\"")
          .append(escape(value(attributes[i + 1])))
          .append('"');
    }
    if (text == null) {
      body.append("/>\n");
    } else {
      body.append('>').append(escape(text)).append("</").append(name).append(">\n");
    }
    return this;
  }

  /** The whole document. */
  String render() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + width
        + "\" height=\""
        + height
        + "\" viewBox=\"0 0 "
        + width
        + " "
        + height
        + "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        + "  <rect x=\"0\" y=\"0\" width=\""
        + width
        + "\" height=\""
        + height
        + "\" fill=\"white\"/>\n"
        + body
        + "</svg>\n";
  }

  /** Coordinates with one decimal, whatever the locale. */
  static String coordinate(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String value(Object value) {
    return value instanceof Double d ? coordinate(d) : String.valueOf(value);
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
