package io.crmerpsync.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTest {

  private final Route versionRoute =
      new Route("GET", "/subjects/{subject}/versions/{version}", request -> Response.ok(""));

  @Test
  void shouldCaptureDecodedPathParameters() {
    List<String> segments = Request.splitPath("/subjects/crm%2Fcustomers+v1-value/versions/latest");

    assertThat(versionRoute.match(segments)).contains(List.of("crm/customers+v1-value", "latest"));
  }

  @Test
  void shouldNotMatchOtherShapes() {
    assertThat(versionRoute.match(Request.splitPath("/subjects/s/versions"))).isEmpty();
    assertThat(versionRoute.match(Request.splitPath("/schemas/s/versions/1"))).isEmpty();
    assertThat(new Route("GET", "/", r -> Response.ok("")).match(Request.splitPath("/")))
        .contains(List.of());
  }

  @Test
  void shouldParseQueryFlags() {
    Request request =
        new Request(List.of(), Request.parseQuery("deleted=true&permanent&x=a%20b"), new byte[0]);

    assertThat(request.flag("deleted")).isTrue();
    assertThat(request.flag("permanent")).isFalse();
    assertThat(request.flag("absent")).isFalse();
    assertThat(request.queryValue("x")).contains("a b");
  }
}
