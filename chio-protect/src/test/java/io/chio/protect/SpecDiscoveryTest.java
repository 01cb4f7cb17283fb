package io.chio.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.protect.demo.SampleApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpecDiscoveryTest {
  @Test
  void findsTheSpecAtAWellKnownLocation() throws Exception {
    try (SampleApi api = SampleApi.start(0)) {
      SpecDiscovery.Result r = SpecDiscovery.discover(api.uri(), Duration.ofSeconds(5));
      assertThat(r.spec()).isPresent();
      assertThat(r.spec().get().source()).isEqualTo(api.uri() + "/openapi.yaml");
      assertThat(r.attempts()).hasSize(2);
      assertThat(r.attempts().get(0)).contains("/openapi.json: HTTP 404");
    }
  }

  @Test
  void anUpstreamWithoutASpecYieldsNoneAndSaysWhatWasTried() throws Exception {
    try (TestUpstream up = new TestUpstream()) {
      SpecDiscovery.Result r = SpecDiscovery.discover(up.uri(), Duration.ofSeconds(5));
      assertThat(r.spec()).isEmpty();
      assertThat(r.attempts()).hasSize(4);
      assertThat(r.attempts()).allSatisfy(a -> assertThat(a).contains("not an OpenAPI 3.x or Swagger 2.0 document"));
      // Only the well-known locations on the upstream itself were asked.
      assertThat(up.seen).extracting(TestUpstream.Seen::pathQuery).containsExactlyElementsOf(SpecDiscovery.WELL_KNOWN);
    }
  }
}
