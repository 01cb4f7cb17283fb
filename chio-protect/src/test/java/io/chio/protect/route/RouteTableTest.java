package io.chio.protect.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static Route r(String method, String pattern) {
    return new Route(method, pattern, method + " " + pattern, ChioExtensions.NONE);
  }

  private static List<String> seg(String path) {
    return Arrays.asList(path.substring(1).split("/", -1));
  }

  private static String match(RouteTable t, String method, String path) {
    Route r = t.match(method, seg(path));
    return r == null ? null : r.pattern();
  }

  @Test
  void literalBeatsParameterWithBacktracking() throws Exception {
    RouteTable t =
        RouteTable.of(
            List.of(
                r("GET", "/pets/{petId}"), r("GET", "/pets/mine"), r("GET", "/a/b/c"), r("GET", "/a/{x}/d"),
                r("GET", "/files/{name}.json"), r("GET", "/files/{name}")));
    assertThat(match(t, "GET", "/pets/mine")).isEqualTo("/pets/mine");
    assertThat(match(t, "GET", "/pets/42")).isEqualTo("/pets/{petId}");
    assertThat(match(t, "GET", "/a/b/c")).isEqualTo("/a/b/c");
    assertThat(match(t, "GET", "/a/b/d")).isEqualTo("/a/{x}/d");
    assertThat(match(t, "GET", "/files/x.json")).isEqualTo("/files/{name}.json");
    assertThat(match(t, "GET", "/files/x.txt")).isEqualTo("/files/{name}");
  }

  @Test
  void caseSensitiveAndTrailingSlashSignificant() throws Exception {
    RouteTable t = RouteTable.of(List.of(r("GET", "/pets"), r("POST", "/pets/"), r("GET", "/"), r("GET", "/pets/{id}")));
    assertThat(match(t, "GET", "/pets")).isEqualTo("/pets");
    assertThat(match(t, "GET", "/Pets")).isNull();
    assertThat(match(t, "GET", "/pets/")).isNull();
    assertThat(match(t, "POST", "/pets/")).isEqualTo("/pets/");
    assertThat(match(t, "POST", "/pets")).isNull();
    assertThat(match(t, "GET", "/")).isEqualTo("/");
    assertThat(match(t, "GET", "/pets/1/2")).isNull();
  }

  @Test
  void methodSelectsTheRouteAndHeadFallsBackToGet() throws Exception {
    RouteTable t = RouteTable.of(List.of(r("GET", "/orders/{id}"), r("DELETE", "/orders/special")));
    assertThat(match(t, "GET", "/orders/special")).isEqualTo("/orders/{id}");
    assertThat(match(t, "DELETE", "/orders/special")).isEqualTo("/orders/special");
    assertThat(match(t, "DELETE", "/orders/other")).isNull();
    assertThat(t.match("HEAD", seg("/orders/7")).method()).isEqualTo("GET");
  }

  @Test
  void manyRoutesStillMatchExactly() throws Exception {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      routes.add(r("GET", "/repos/{owner}/{repo}/thing" + i));
      routes.add(r("POST", "/repos/{owner}/{repo}/thing" + i + "/{id}"));
    }
    RouteTable t = RouteTable.of(routes);
    assertThat(match(t, "GET", "/repos/o/r/thing321")).isEqualTo("/repos/{owner}/{repo}/thing321");
    assertThat(match(t, "POST", "/repos/o/r/thing7/9")).isEqualTo("/repos/{owner}/{repo}/thing7/{id}");
    assertThat(match(t, "GET", "/repos/o/r/thing7/9")).isNull();
  }
}
