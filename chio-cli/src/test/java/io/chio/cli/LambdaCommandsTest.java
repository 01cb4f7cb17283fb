package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaCommandsTest {
  @TempDir Path tmp;

  @Test
  void packageBuildsTheLayerWithTheCheckedPolicy() throws Exception {
    Path jar = Files.write(tmp.resolve("chio.jar"), new byte[] {'P', 'K'});
    Path policy = Files.writeString(tmp.resolve("chio-policy.yaml"), "policy:\n  default: deny\n  rules:\n    - tool: \"/api/search\"\n");
    Path out = tmp.resolve("layer.zip");
    Cli r = Cli.run("lambda", "package", "--out", out.toString(), "--policy", policy.toString(), "--jar", jar.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = Json.parse(r.out());
    assertThat(j.path("entries").has("extensions/chio")).isTrue();
    assertThat(j.path("entries").path("chio/chio.jar").asLong()).isEqualTo(2);
    try (ZipFile z = new ZipFile(out.toFile())) {
      assertThat(new String(z.getInputStream(z.getEntry("chio/chio-policy.yaml")).readAllBytes())).contains("/api/search");
    }
  }

  @Test
  void classCacheFlagsAreCheckedAndAFailedTrainingRunIsAUsageErrorWithNoLayer() throws Exception {
    Path jar = Files.write(tmp.resolve("chio.jar"), new byte[] {'P', 'K'});
    Path out = tmp.resolve("layer.zip");
    Cli both = Cli.run("lambda", "package", "--out", out.toString(), "--jar", jar.toString(), "--class-cache", "--aot-cache", jar.toString());
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("use one of them");
    Cli javaAlone = Cli.run("lambda", "package", "--out", out.toString(), "--jar", jar.toString(), "--java", "/bin/sh");
    assertThat(javaAlone.exit()).isEqualTo(2);
    assertThat(javaAlone.err()).contains("add --class-cache");
    // The running JDK, but a jar that is not one: the training JVM fails, and nothing is written.
    Cli broken = Cli.run("lambda", "package", "--out", out.toString(), "--jar", jar.toString(), "--class-cache");
    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.err().strip()).contains("--class-cache: the class cache training run failed").doesNotContain("\tat ");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void packageRefusesABadPolicyAndBadFlagsAreUsageErrors() throws Exception {
    Path jar = Files.write(tmp.resolve("chio.jar"), new byte[] {'P', 'K'});
    Path policy = Files.writeString(tmp.resolve("bad.yaml"), "mode: sideways\npolicy: {}\n");
    Cli r = Cli.run("lambda", "package", "--out", tmp.resolve("l.zip").toString(), "--policy", policy.toString(), "--jar", jar.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).contains("bad.yaml:1: mode must be explicit or transparent").doesNotContain("\tat ");
    assertThat(Files.exists(tmp.resolve("l.zip"))).isFalse();
    Cli mode = Cli.run("lambda", "extension", "--sink-mode", "eventually");
    assertThat(mode.exit()).isEqualTo(2);
    assertThat(mode.err()).contains("use buffered or sync");
    Cli sink = Cli.run("lambda", "extension", "--listen", "nowhere:x");
    assertThat(sink.exit()).isEqualTo(2);
  }
}
