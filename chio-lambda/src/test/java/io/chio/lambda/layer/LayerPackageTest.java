package io.chio.lambda.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerPackageTest {
  @Test
  void layerHasTheLauncherExecutableTheJarAndThePolicy(@TempDir Path dir) throws Exception {
    Path jar = Files.write(dir.resolve("chio.jar"), new byte[] {'P', 'K', 1, 2});
    Path aot = Files.write(dir.resolve("chio.aot"), new byte[] {9});
    Path out = dir.resolve("out/layer.zip");
    LayerPackage.write(out, jar, "policy: {}\n".getBytes(StandardCharsets.UTF_8), aot);
    Map<String, Integer> modes = new HashMap<>();
    byte[] zip = Files.readAllBytes(out);
    // External attributes of each central directory entry, high 16 bits = Unix mode.
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 46 < zip.length; i++) {
      if (b.getInt(i) == 0x02014b50) {
        int n = Short.toUnsignedInt(b.getShort(i + 28));
        modes.put(new String(zip, i + 46, n, StandardCharsets.UTF_8), b.getInt(i + 38) >>> 16);
      }
    }
    assertThat(modes).containsEntry("extensions/chio", 0100755).containsEntry("chio/chio.jar", 0100644)
        .containsEntry("chio/chio-policy.yaml", 0100644).containsEntry("chio/chio.aot", 0100644).containsEntry("extensions/", 040755);
    try (ZipFile z = new ZipFile(out.toFile())) {
      String launcher = new String(z.getInputStream(z.getEntry("extensions/chio")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(launcher).startsWith("#!/bin/sh").contains("io.chio.lambda.extension.ExtensionMain").contains("-XX:AOTCache=");
      assertThat(z.getInputStream(z.getEntry("chio/chio.jar")).readAllBytes()).containsExactly('P', 'K', 1, 2);
    }
    // Same inputs, same bytes.
    Path again = dir.resolve("again.zip");
    LayerPackage.write(again, jar, "policy: {}\n".getBytes(StandardCharsets.UTF_8), aot);
    assertThat(Files.readAllBytes(again)).isEqualTo(zip);
  }
}
