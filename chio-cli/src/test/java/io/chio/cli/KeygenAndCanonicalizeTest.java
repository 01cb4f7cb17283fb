package io.chio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenAndCanonicalizeTest {
  @TempDir Path tmp;

  @Test
  void keygenFromSeedIsDeterministicAndWritesAPrivateSeedFile() throws Exception {
    Path out = tmp.resolve("k.seed");
    Cli r = Cli.run("keygen", "--seed-hex", "0b".repeat(32), "--out", out.toString());
    assertThat(r.exit()).isZero();
    JsonNode j = Json.parse(r.out());
    assertThat(j.get("public_key").asText()).isEqualTo("66be7e332c7a453332bd9d0a7f7db055f5c5ef1a06ada66d98b39fb6810c473a");
    assertThat(j.get("did").asText()).isEqualTo("did:chio:66be7e332c7a453332bd9d0a7f7db055f5c5ef1a06ada66d98b39fb6810c473a");
    assertThat(r.out()).doesNotContain("0b0b0b0b");
    assertThat(Files.readString(out).strip()).isEqualTo("0b".repeat(32));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    assertThat(Cli.run("keygen", "--out", out.toString()).exit()).as("never overwrites a key file").isEqualTo(2);
  }

  @Test
  void keygenRejectsBadSeedsWithOneLine() {
    Cli r = Cli.run("keygen", "--seed-hex", "ab".repeat(31));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("chio: error: seed: expected 32 bytes (64 hex characters), got 31");
    assertThat(Cli.run("keygen", "--seed-hex", "abc").err()).contains("odd-length");
  }

  @Test
  void canonicalizeFileAndErrors() throws Exception {
    Path f = tmp.resolve("in.json");
    Files.writeString(f, "{\"z\":1.0,\"a\":[1e21,\"\\u00e9\"]}");
    Cli r = Cli.run("canonicalize", f.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo("{\"a\":[1e+21,\"é\"],\"z\":1}");

    Files.writeString(f, "{\"a\":1,\"a\":2}");
    r = Cli.run("canonicalize", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("chio: error: malformed JSON: Duplicate field 'a'").doesNotContain("\tat ");
    assertThat(r.err().lines().count()).isEqualTo(1);

    Files.writeString(f, "[18446744073709551616]");
    assertThat(Cli.run("canonicalize", f.toString()).err()).contains("$[0]: integer 18446744073709551616 is outside the i64/u64 range");
    assertThat(Cli.run("canonicalize", tmp.resolve("missing.json").toString()).err()).contains("no such file");
  }

  @Test
  void unknownCommandIsUsageError() {
    Cli r = Cli.run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(Cli.run().exit()).isEqualTo(2);
  }
}
