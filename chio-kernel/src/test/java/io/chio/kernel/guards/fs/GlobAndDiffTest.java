package io.chio.kernel.guards.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known-answer tests for glob compilation, path normalisation and diff counting. */
class GlobAndDiffTest {
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
      "**/.ssh/**, /home/u/.ssh/id_rsa, true",
      "**/.ssh/**, /home/u/.ssh, true",
      "**/.ssh/**, .ssh/config, true",
      "**/.ssh/**, /home/u/.sshx/a, false",
      "**/.ssh/**, /home/u/x.ssh/a, false",
      "**/*.pem, /srv/tls/server.pem, true",
      "**/*.pem, server.pem, true",
      "**/*.pem, /srv/pem/readme, false",
      "/etc/shadow, /etc/shadow, true",
      "/etc/shadow, /x/etc/shadow, false",
      "/etc/sudoers.d/**, /etc/sudoers.d/90-cloud, true",
      "**/.env.*, /app/.env.local, true",
      "**/.env.*, /app/.envrc, false",
      "'src/{main,test}/**', src/test/a.java, true",
      "'src/{main,test}/**', src/it/a.java, false",
      "data/[!.]*.csv, data/a.csv, true",
      "data/[!.]*.csv, data/.a.csv, false",
      "/proc/*/environ, /proc/self/environ, true",
      "/proc/*/environ, /proc/1/task/1/environ, false",
      "**/NTUSER.DAT, C:/Users/bob/NTUSER.DAT, true"})
  void globMatches(String glob, String path, boolean expected) {
    assertThat(Glob.compile(glob).matches(path.toLowerCase(Locale.ROOT))).isEqualTo(expected);
  }

  @Test
  void malformedGlobsAreRejected() {
    assertThatThrownBy(() -> Glob.compile("**/id_rsa[")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'['");
    assertThatThrownBy(() -> Glob.compile("{a,b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Glob.compile("a}")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiterString = " -> ", value = {
      "/a//b/./c/ -> /a/b/c",
      "/a/b/../../../etc -> /etc",
      "a/../../b -> ../b",
      "./x -> x",
      "'' -> .",
      "C:\\Users\\bob\\.aws\\ -> C:/Users/bob/.aws",
      "file:///home/u/.kube/config -> /home/u/.kube/config",
      "/home/u/.ssh./id_rsa. -> /home/u/.ssh/id_rsa",
      "/x/secret.txt::$DATA -> /x/secret.txt",
      "/home/u/．ｓｓｈ -> /home/u/.ssh"})
  void normalisation(String raw, String expected) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(expected);
  }

  @Test
  void percentDecodingIsAnExtraReading() {
    assertThat(PathNormalizer.variants("/a/%2e%2e/%2E%2e/etc/shadow")).containsExactly("/a/%2e%2e/%2E%2e/etc/shadow", "/etc/shadow");
    assertThat(PathNormalizer.variants("/a/%252e%252e/b")).contains("/b");
    assertThat(PathNormalizer.variants("/a/%ff/b")).containsExactly("/a/%ff/b");
    assertThat(PathNormalizer.climbedToRoot("../../etc/passwd")).isEqualTo("/etc/passwd");
    assertThat(PathNormalizer.climbedToRoot("etc/passwd")).isNull();
  }

  @Test
  void diffCountsHunkLinesNotHeaders() {
    String diff = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1,4 @@\n ctx\n-old\n+new\n+++looks like a header\n ctx\n\\ No newline at end of file\n";
    UnifiedDiff.Stats s = UnifiedDiff.parse(diff);
    assertThat(s.additions()).isEqualTo(2);
    assertThat(s.deletions()).isEqualTo(1);
    assertThat(s.added()).extracting(UnifiedDiff.Added::text).containsExactly("new", "++looks like a header");
    assertThat(s.added().get(1).lineNumber()).isEqualTo(8);
  }

  @Test
  void hunklessAndMiscountedDiffsAreCountedLeniently() {
    assertThat(UnifiedDiff.parse("+a\n+b\n-c\n").additions()).isEqualTo(2);
    // Declared +1 but three lines follow: the extra ones still count.
    UnifiedDiff.Stats s = UnifiedDiff.parse("@@ -0,0 +1 @@\n+a\n+b\n+c\n");
    assertThat(s.additions()).isEqualTo(3);
    assertThat(UnifiedDiff.parse("--- a/x\n+++ b/x\n").additions()).isZero();
    assertThat(UnifiedDiff.parse("--- only\n").deletions()).isEqualTo(1);
  }

  @Test
  void defaultForbiddenPatternsAllCompileWithALiteral() {
    for (String p : ForbiddenPaths.DEFAULT_PATTERNS) {
      assertThat(Glob.compile(p).literal()).as(p).hasSizeGreaterThanOrEqualTo(3);
    }
    assertThat(ForbiddenPaths.defaults().match("/home/u/.ssh/id_rsa")).isPresent();
    assertThat(ForbiddenPaths.defaults().match("/workspace/src/main.rs", List.of())).isEmpty();
  }
}
