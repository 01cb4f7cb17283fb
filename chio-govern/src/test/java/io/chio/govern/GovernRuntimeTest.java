package io.chio.govern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernRuntimeTest {
  @TempDir Path tmp;

  @Test
  void configuredFromTheEnvironment() throws Exception {
    Path policy = tmp.resolve("p.yaml");
    Files.writeString(policy, "govern: \"0.1\"\nactions: {email: block}\n");
    Path seed = tmp.resolve("k.seed");
    Files.writeString(seed, "33".repeat(32) + "\n");
    GovernRuntime.Holder h = GovernRuntime.build(Map.of("CHIO_GOVERN_POLICY", policy.toString(), "CHIO_GOVERN_SEED_FILE", seed.toString())::get);
    assertThat(h.error()).isNull();
    assertThat(h.ephemeralKey()).isFalse();
    GovernResponse r = h.engine().handle("{\"payload\":{\"m\":\"a@example.com\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.body().get("decision").asText()).isEqualTo("block");
  }

  @Test
  void aBrokenConfigurationIsKeptAsAnErrorNotAnAllow() {
    GovernRuntime.Holder h = GovernRuntime.build(Map.of("CHIO_GOVERN_POLICY", tmp.resolve("missing.yaml").toString())::get);
    assertThat(h.engine()).isNull();
    assertThat(h.error()).startsWith("governance engine failed to initialise");
    GovernRuntime.Holder ephemeral = GovernRuntime.build(Map.<String, String>of()::get);
    assertThat(ephemeral.ephemeralKey()).isTrue();
    assertThat(ephemeral.engine()).isNotNull();
  }
}
