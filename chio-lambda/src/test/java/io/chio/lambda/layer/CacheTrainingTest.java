package io.chio.lambda.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheTrainingTest {
  @TempDir Path tmp;

  @Test
  void theTrainingRunGoesThroughRegisterInvokeEvaluationsAndShutdownWithEveryReceiptFlushed() throws Exception {
    Path policy = Files.writeString(tmp.resolve("chio-policy.yaml"), "policy:\n  default: deny\n  rules:\n"
        + "    - tool: \"database-query\"\n      scopes: [\"db:read\"]\n      guards: [\"pii-filter\"]\n"
        + "    - tool: \"files/**\"\n      guards: [\"rate-limit\"]\n");
    assertThat(CacheTraining.train(policy.toString(), tmp)).isTrue();
    // 20 rounds of: two rule tools allowed, an unknown tool and a malformed body denied, and the
    // final receipts of the two allowed calls.
    long receipts = Files.readAllLines(tmp.resolve("training-receipts.jsonl")).stream().filter(l -> !l.isBlank()).count();
    assertThat(receipts).isEqualTo(20 * 6);
  }

  @Test
  void theJdkVersionComesFromItsReleaseFileAndANonJdkIsRefused() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    assertThat(ClassCache.majorVersion(java)).isEqualTo(Runtime.version().feature());
    Path fake = Files.createDirectories(tmp.resolve("nojdk/bin")).resolve("java");
    Files.writeString(fake, "#!/bin/sh\n");
    assertThatThrownBy(() -> ClassCache.majorVersion(fake)).isInstanceOf(IOException.class).hasMessageContaining("has no release file");
  }
}
