package io.crmerpsync.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmerpsync.bench.stats.Summary;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ChartsTest {

  private static final List<LatencyPoint> POINTS =
      List.of(
          new LatencyPoint(500, 500, 90, 180, 250, false),
          new LatencyPoint(1_250, 1_240, 300, 700, 950, true),
          new LatencyPoint(2_000, 1_850, 8_000, 9_100, 9_200, false));

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document doc, String name) {
    NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", name);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add((Element) nodes.item(i));
    }
    return found;
  }

  private static List<String> texts(Document doc) {
    return elements(doc, "text").stream().map(Element::getTextContent).toList();
  }

  @Test
  void shouldDrawOneLineWithAPointPerLoadForEachPercentile() throws Exception {
    Document doc = parse(Charts.latency(POINTS));

    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    List<Element> lines = elements(doc, "polyline");
    assertThat(lines)
        .extracting(e -> e.getAttribute("class"))
        .containsExactly("series p50", "series p95", "series p99");
    for (Element line : lines) {
      assertThat(line.getAttribute("points").split(" ")).hasSize(3);
    }
    assertThat(
            elements(doc, "circle").stream()
                .filter(c -> c.getAttribute("class").equals("point p99")))
        .hasSize(3);
    assertThat(texts(doc))
        .contains("commit->ERP latency against offered load", "p50", "p95", "p99", "2,000");
  }

  @Test
  void shouldDrawHigherLatencyHigherUpTheChart() throws Exception {
    Element p99 =
        elements(parse(Charts.latency(POINTS)), "polyline").stream()
            .filter(e -> e.getAttribute("class").equals("series p99"))
            .findFirst()
            .orElseThrow();
    String[] points = p99.getAttribute("points").split(" ");
    double yAt500 = Double.parseDouble(points[0].split(",")[1]);
    double yAt2000 = Double.parseDouble(points[2].split(",")[1]);

    assertThat(yAt2000).isLessThan(yAt500);
  }

  @Test
  void shouldLeaveOutAPercentileThatWasNotMeasured() throws Exception {
    List<LatencyPoint> points =
        List.of(
            new LatencyPoint(500, 500, 90, 180, 250, false),
            new LatencyPoint(5_000, 0, Double.NaN, Double.NaN, Double.NaN, false));

    Element p50 = elements(parse(Charts.latency(points)), "polyline").get(0);

    assertThat(p50.getAttribute("points").split(" ")).hasSize(1);
  }

  @Test
  void shouldDrawABarPerStageAndTheCeilingAsALine() throws Exception {
    List<Charts.Bar> bars =
        List.of(
            new Charts.Bar("Topology: real <topology> & co", 2_100, "changes/s", false),
            new Charts.Bar("ERP delivery: ERP sink", 10_200, "upserts/s", false),
            new Charts.Bar("Ceiling: bare Kafka", 40_000, "changes/s", true));

    Document doc = parse(Charts.throughput(bars, 40_000));

    assertThat(elements(doc, "rect").stream().filter(r -> r.getAttribute("class").equals("bar")))
        .hasSize(3);
    assertThat(
            elements(doc, "line").stream().filter(l -> l.getAttribute("class").equals("ceiling")))
        .hasSize(1);
    assertThat(texts(doc)).contains("Topology: real <topology> & co", "10,200", "ceiling 40,000/s");
  }

  @Test
  void shouldChartEveryRateButTheLoadGeneratorsAchievedRates() {
    BenchResults results = new BenchResults();
    Summary one = new Summary(1, 1, 1, 1);
    Figure ceiling = new Figure("Ceiling", "bare", "changes/s", new Summary(9, 9, 9, 1), 0);
    results.figure(new Figure("Topology", "real", "changes/s", one, 0));
    results.figure(new Figure("End to end", "commit->ERP p99 at 500", "ms", one, 0));
    results.figure(new Figure("End to end", "achieved rate at 500", "changes/s", one, 0));
    results.figure(new Figure("Memory", "heap", "MiB", one, 0));
    results.figure(ceiling);
    results.figure(new Figure("Ceiling", "every record", "records/s", one, 0));

    assertThat(Charts.bars(results, Optional.of(ceiling)))
        .containsExactly(
            new Charts.Bar("Topology: real", 1, "changes/s", false),
            new Charts.Bar("Ceiling: bare", 9, "changes/s", true));
  }

  @Test
  void shouldWriteTheChartsBesideTheReportAndNameThemForTheLinks(@TempDir Path dir)
      throws Exception {
    BenchResults results = new BenchResults();
    POINTS.forEach(results::latency);
    results.figure(new Figure("Topology", "real", "changes/s", new Summary(1, 1, 1, 1), 0));

    List<Charts.Chart> charts =
        Charts.write(dir.resolve("benchmarks.md"), results, Optional.empty());

    assertThat(charts)
        .extracting(Charts.Chart::relativePath)
        .containsExactly("benchmarks/latency.svg", "benchmarks/throughput.svg");
    assertThat(dir.resolve("benchmarks/latency.svg")).exists();
    parse(Files.readString(dir.resolve("benchmarks/throughput.svg")));
  }

  @Test
  void shouldRoundAxisMaximaToOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(Charts.niceCeiling(5_000)).isEqualTo(5_000);
    assertThat(Charts.niceCeiling(5_001)).isEqualTo(10_000);
    assertThat(Charts.niceCeiling(1_300)).isEqualTo(2_000);
    assertThat(Charts.ticks(5_000))
        .containsExactly(0.0, 1_000.0, 2_000.0, 3_000.0, 4_000.0, 5_000.0);
  }
}
