package io.crmerpsync.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The report's charts, written as SVG beside it (for {@code docs/benchmarks.md} in {@code
 * docs/benchmarks/}): commit->ERP latency percentiles against offered load, and the throughput of
 * each measured stage against the bare-Kafka ceiling. Each chart is written only when its figures
 * were measured; the report embeds those written.
 */
public final class Charts {
  static final String LATENCY_FILE = "latency.svg";
  static final String THROUGHPUT_FILE = "throughput.svg";
  private static final String[] COLOURS = {"#1b9e77", "#7570b3", "#d95f02"};
  private static final int MAX_LABEL = 64;

  /** A chart written beside the report: its title and its path relative to the report. */
  public record Chart(String title, String relativePath) {}

  /** One bar of the throughput chart. */
  record Bar(String label, double value, String unit, boolean ceiling) {}

  private Charts() {}

  /**
   * Writes the charts {@code results} has figures for into a directory named after {@code report}
   * (without {@code .md}) and returns them, for the report to link. {@code ceiling} is the
   * bare-Kafka ceiling's figure, if measured.
   */
  public static List<Chart> write(Path report, BenchResults results, Optional<Figure> ceiling)
      throws IOException {
    Path absolute = report.toAbsolutePath();
    String base = absolute.getFileName().toString().replaceFirst("\\.md$", "");
    Path dir = absolute.resolveSibling(base);
    List<Chart> charts = new ArrayList<>();
    List<LatencyPoint> points = results.latencies();
    if (!points.isEmpty()) {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(LATENCY_FILE), latency(points));
      charts.add(new Chart("commit->ERP latency against offered load", base + "/" + LATENCY_FILE));
    }
    List<Bar> bars = bars(results, ceiling);
    if (!bars.isEmpty()) {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve(THROUGHPUT_FILE),
          throughput(bars, ceiling.map(f -> f.summary().median()).orElse(Double.NaN)));
      charts.add(
          new Chart("throughput of each stage against the ceiling", base + "/" + THROUGHPUT_FILE));
    }
    return charts;
  }

  /** Every throughput figure (unit per second), the load generator's achieved rates left out. */
  static List<Bar> bars(BenchResults results, Optional<Figure> ceiling) {
    List<Bar> bars = new ArrayList<>();
    for (Figure f : results.figures()) {
      boolean perSecond = f.unit().endsWith("/s") && !f.unit().equals("records/s");
      if (perSecond && !f.name().startsWith("achieved rate")) {
        bars.add(
            new Bar(
                f.section() + ": " + f.name(),
                f.summary().median(),
                f.unit(),
                ceiling.isPresent() && ceiling.get().equals(f)));
      }
    }
    return bars;
  }

  /**
   * Latency percentiles (p50, p95, p99; log scale) against offered load: one line per percentile,
   * filled dots for the fixed loads, open dots for the search's probes, and the 1 s bound.
   */
  static String latency(List<LatencyPoint> points) {
    int width = 660;
    int height = 380;
    double left = 70;
    double right = width - 150;
    double top = 40;
    double bottom = height - 50;
    double maxLoad = niceCeiling(points.stream().mapToInt(LatencyPoint::offered).max().orElse(1));
    double maxMs = 1_000;
    double minMs = 1_000;
    for (LatencyPoint p : points) {
      for (double v : new double[] {p.p50Millis(), p.p95Millis(), p.p99Millis()}) {
        if (Double.isFinite(v) && v > 0) {
          maxMs = Math.max(maxMs, v);
          minMs = Math.min(minMs, v);
        }
      }
    }
    double lowDecade = Math.floor(Math.log10(Math.max(1, minMs)));
    double highDecade = Math.ceil(Math.log10(maxMs));
    Scale x = value -> left + (right - left) * value / maxLoad;
    Scale y =
        ms ->
            bottom
                - (bottom - top)
                    * (Math.log10(Math.max(ms, 1)) - lowDecade)
                    / (highDecade - lowDecade);
    Svg svg = new Svg(width, height);
    title(svg, "commit->ERP latency against offered load", left);
    axes(svg, left, right, top, bottom);
    for (double tick : ticks(maxLoad)) {
      svg.add(
          "line",
          "x1",
          x.at(tick),
          "y1",
          bottom,
          "x2",
          x.at(tick),
          "y2",
          bottom + 5,
          "stroke",
          "#333");
      svg.text(thousands(tick), "x", x.at(tick), "y", bottom + 19, "text-anchor", "middle");
    }
    svg.text(
        "offered load (changes/s)",
        "x",
        (left + right) / 2,
        "y",
        bottom + 40,
        "text-anchor",
        "middle");
    for (double decade = lowDecade; decade <= highDecade; decade++) {
      double ms = Math.pow(10, decade);
      svg.add("line", "x1", left, "y1", y.at(ms), "x2", right, "y2", y.at(ms), "stroke", "#e3e3e3");
      svg.text(milliseconds(ms), "x", left - 8, "y", y.at(ms) + 4, "text-anchor", "end");
    }
    svg.text(
        "commit->ERP (log scale)",
        "x",
        18.0,
        "y",
        (top + bottom) / 2,
        "transform",
        "rotate(-90 18 " + Svg.coordinate((top + bottom) / 2) + ")",
        "text-anchor",
        "middle");
    svg.add(
        "line",
        "x1",
        left,
        "y1",
        y.at(1_000),
        "x2",
        right,
        "y2",
        y.at(1_000),
        "stroke",
        "#c00",
        "stroke-dasharray",
        "6 4");
    svg.text("1 s: sustained bound", "x", right + 8, "y", y.at(1_000) + 4, "fill", "#c00");
    series(svg, points, "p50", LatencyPoint::p50Millis, COLOURS[0], x, y);
    series(svg, points, "p95", LatencyPoint::p95Millis, COLOURS[1], x, y);
    series(svg, points, "p99", LatencyPoint::p99Millis, COLOURS[2], x, y);
    String[] names = {"p50", "p95", "p99"};
    for (int i = 0; i < names.length; i++) {
      double ly = top + 10 + i * 20;
      svg.add(
          "line",
          "x1",
          right + 10,
          "y1",
          ly,
          "x2",
          right + 34,
          "y2",
          ly,
          "stroke",
          COLOURS[i],
          "stroke-width",
          2);
      svg.text(names[i], "x", right + 40, "y", ly + 4);
    }
    svg.add("circle", "cx", right + 22, "cy", top + 80, "r", 4, "fill", "#555");
    svg.text("fixed load", "x", right + 40, "y", top + 84);
    svg.add("circle", "cx", right + 22, "cy", top + 100, "r", 4, "fill", "white", "stroke", "#555");
    svg.text("search probe", "x", right + 40, "y", top + 104);
    return svg.render();
  }

  private static void series(
      Svg svg,
      List<LatencyPoint> points,
      String name,
      ToDoubleFunction<LatencyPoint> value,
      String colour,
      Scale x,
      Scale y) {
    StringBuilder line = new StringBuilder();
    for (LatencyPoint p : points) {
      double v = value.applyAsDouble(p);
      if (!Double.isFinite(v)) {
        continue;
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(Svg.coordinate(x.at(p.offered()))).append(',').append(Svg.coordinate(y.at(v)));
    }
    svg.add(
        "polyline",
        "class",
        "series " + name,
        "points",
        line.toString(),
        "fill",
        "none",
        "stroke",
        colour,
        "stroke-width",
        2);
    for (LatencyPoint p : points) {
      double v = value.applyAsDouble(p);
      if (Double.isFinite(v)) {
        svg.add(
            "circle",
            "class",
            "point " + name,
            "cx",
            x.at(p.offered()),
            "cy",
            y.at(v),
            "r",
            4,
            "fill",
            p.searched() ? "white" : colour,
            "stroke",
            colour,
            "stroke-width",
            1.5);
      }
    }
  }

  /** Horizontal bars, one per stage, with the bare-Kafka ceiling as a dashed line (if measured). */
  static String throughput(List<Bar> bars, double ceiling) {
    int width = 820;
    double rowHeight = 24;
    double left = 420;
    double right = width - 90;
    double top = 60;
    double bottom = top + rowHeight * bars.size();
    int height = (int) bottom + 50;
    double max = Double.isFinite(ceiling) ? ceiling : 0;
    for (Bar b : bars) {
      max = Math.max(max, b.value());
    }
    double scaleMax = niceCeiling(max);
    Scale x = value -> left + (right - left) * value / scaleMax;
    Svg svg = new Svg(width, height);
    title(svg, "Throughput of each stage against the bare-Kafka ceiling", 10.0);
    svg.text(
        "median per second, each in its own unit (changes, upserts, rows)",
        "x",
        10.0,
        "y",
        40.0,
        "fill",
        "#555");
    axes(svg, left, right, top, bottom);
    for (double tick : ticks(scaleMax)) {
      svg.add(
          "line", "x1", x.at(tick), "y1", top, "x2", x.at(tick), "y2", bottom, "stroke", "#e3e3e3");
      svg.text(thousands(tick), "x", x.at(tick), "y", bottom + 18, "text-anchor", "middle");
    }
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double y = top + i * rowHeight;
      svg.text(
          shorten(b.label()),
          "x",
          left - 8,
          "y",
          y + rowHeight / 2 + 4,
          "text-anchor",
          "end",
          "font-size",
          11);
      svg.add(
          "rect",
          "class",
          "bar",
          "x",
          left,
          "y",
          y + 4,
          "width",
          Math.max(1, x.at(b.value()) - left),
          "height",
          rowHeight - 8,
          "fill",
          b.ceiling() ? "#999" : "#4477aa");
      svg.text(
          thousands(b.value()),
          "x",
          x.at(b.value()) + 5,
          "y",
          y + rowHeight / 2 + 4,
          "fill",
          "#333");
    }
    if (Double.isFinite(ceiling)) {
      svg.add(
          "line",
          "class",
          "ceiling",
          "x1",
          x.at(ceiling),
          "y1",
          top - 6,
          "x2",
          x.at(ceiling),
          "y2",
          bottom,
          "stroke",
          "#c00",
          "stroke-width",
          2,
          "stroke-dasharray",
          "6 4");
      svg.text(
          "ceiling " + thousands(ceiling) + "/s",
          "x",
          x.at(ceiling),
          "y",
          top - 10,
          "text-anchor",
          "middle",
          "fill",
          "#c00");
    }
    svg.text("per second", "x", (left + right) / 2, "y", bottom + 38, "text-anchor", "middle");
    return svg.render();
  }

  private static void title(Svg svg, String text, double x) {
    svg.text(text, "x", x, "y", 22.0, "font-size", 15, "font-weight", "bold");
  }

  private static void axes(Svg svg, double left, double right, double top, double bottom) {
    svg.add("line", "x1", left, "y1", bottom, "x2", right, "y2", bottom, "stroke", "#333");
    svg.add("line", "x1", left, "y1", top, "x2", left, "y2", bottom, "stroke", "#333");
  }

  /** The smallest 1, 2 or 5 times a power of ten that is at least {@code value}. */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= value) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /** About five evenly spaced round ticks from 0 to {@code max}. */
  static List<Double> ticks(double max) {
    double step = niceCeiling(max / 5);
    List<Double> ticks = new ArrayList<>();
    for (double t = 0; t <= max + step / 1e6; t += step) {
      ticks.add(t);
    }
    return ticks;
  }

  private static String thousands(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String milliseconds(double ms) {
    return ms >= 1_000 ? thousands(ms / 1_000) + " s" : thousands(ms) + " ms";
  }

  private static String shorten(String label) {
    return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "\u2026";
  }

  /** Maps a value to a coordinate. */
  private interface Scale {
    double at(double value);
  }
}
