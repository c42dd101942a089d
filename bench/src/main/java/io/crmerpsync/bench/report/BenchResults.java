package io.crmerpsync.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one bench invocation measured, collected as the measurements run: figures, ratios, how each
 * was measured, the load average seen around each measurement, and measurements that failed.
 * Single-threaded use (the bench runs one measurement at a time).
 */
public final class BenchResults {
  private final List<Figure> figures = new ArrayList<>();
  private final List<Figure> ratios = new ArrayList<>();
  private final Map<String, List<String>> methods = new LinkedHashMap<>();
  private final List<String> loads = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final List<LatencyPoint> latencies = new ArrayList<>();

  public void figure(Figure figure) {
    figures.add(figure);
  }

  public void ratio(Figure ratio) {
    ratios.add(ratio);
  }

  /** How {@code section} was measured (one line each, printed under the tables). */
  public void method(String section, String line) {
    methods.computeIfAbsent(section, s -> new ArrayList<>()).add(line);
  }

  /** The load average at a moment of the run, e.g. "before topology". */
  public void load(String when, String loadAverage) {
    loads.add(when + ": " + loadAverage);
  }

  /** A measurement that did not complete, with the reason. */
  public void failure(String section, String reason) {
    failures.add(section + ": " + reason);
  }

  /** Latency at one offered load, for the chart. */
  public void latency(LatencyPoint point) {
    latencies.add(point);
  }

  /** Every latency point, by offered load. */
  public List<LatencyPoint> latencies() {
    return latencies.stream()
        .sorted(java.util.Comparator.comparingInt(LatencyPoint::offered))
        .toList();
  }

  public List<Figure> figures() {
    return List.copyOf(figures);
  }

  public List<Figure> ratios() {
    return List.copyOf(ratios);
  }

  public Map<String, List<String>> methods() {
    return Map.copyOf(methods);
  }

  /** Sections in the order their first method line was added. */
  public List<String> methodSections() {
    return List.copyOf(methods.keySet());
  }

  public List<String> loads() {
    return List.copyOf(loads);
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** The figure named {@code name} in {@code section}, if it was measured. */
  public java.util.Optional<Figure> find(String section, String name) {
    return figures.stream()
        .filter(f -> f.section().equals(section) && f.name().equals(name))
        .findFirst()
        .or(
            () ->
                ratios.stream()
                    .filter(f -> f.section().equals(section) && f.name().equals(name))
                    .findFirst());
  }
}
