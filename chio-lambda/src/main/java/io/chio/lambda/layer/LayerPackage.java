package io.chio.lambda.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the Lambda layer zip: {@code extensions/chio} (the launcher, mode 755), {@code
 * chio/chio.jar}, {@code chio/chio-policy.yaml}, and optionally a class cache made with the JDK the
 * function runs on: {@code chio/chio.aot} (JDK 25+ AOT cache) or {@code chio/chio.jsa} (AppCDS). Lambda unpacks a layer into {@code /opt}. Entries carry Unix modes (java.util.zip writes
 * none, and Lambda only runs an extension whose file is executable).
 */
public final class LayerPackage {
  private static final int MODE_EXEC = 0100755;
  private static final int MODE_FILE = 0100644;
  private static final int MODE_DIR = 040755;
  /** Every entry's time (1980-01-01, the zip format's first): the same inputs give the same layer bytes. */
  static final long ENTRY_TIME = 315532800000L;

  private LayerPackage() {}

  /** The bundled default policy (deny everything) for a layer built without one. */
  public static byte[] defaultPolicy() throws IOException {
    return resource("default-chio-policy.yaml");
  }

  public static byte[] launcher() throws IOException {
    return resource("chio-launcher.sh");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = LayerPackage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the chio-lambda jar");
      }
      return in.readAllBytes();
    }
  }

  /**
   * @param aotCache a class cache to ship (null: none); a name ending in {@code .jsa} is AppCDS, else a JDK 25 AOT cache
   * @return the entries written, name to size
   */
  public static Map<String, Long> write(Path out, Path jar, byte[] policy, Path aotCache) throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(policy, "policy");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("extensions/", null);
    files.put("extensions/chio", launcher());
    files.put("chio/", null);
    files.put("chio/chio.jar", Files.readAllBytes(jar));
    files.put("chio/chio-policy.yaml", policy);
    if (aotCache != null) {
      files.put(aotCache.getFileName().toString().endsWith(".jsa") ? "chio/chio.jsa" : "chio/chio.aot", Files.readAllBytes(aotCache));
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Map<String, Long> written = new LinkedHashMap<>();
    try (ZipOutputStream zip = new ZipOutputStream(buf)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        ZipEntry e = new ZipEntry(f.getKey());
        e.setTime(ENTRY_TIME);
        zip.putNextEntry(e);
        if (f.getValue() != null) {
          zip.write(f.getValue());
          written.put(f.getKey(), (long) f.getValue().length);
        }
        zip.closeEntry();
      }
    }
    byte[] bytes = buf.toByteArray();
    setUnixModes(bytes);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(out, bytes);
    return written;
  }

  /** Rewrites each central directory entry as made on Unix with its mode in the external attributes. */
  static void setUnixModes(byte[] zip) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = -1;
    for (int i = zip.length - 22; i >= 0; i--) {
      if (b.getInt(i) == 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new IOException("zip has no end of central directory");
    }
    int count = Short.toUnsignedInt(b.getShort(eocd + 10));
    int at = b.getInt(eocd + 16);
    for (int n = 0; n < count; n++) {
      if (b.getInt(at) != 0x02014b50) {
        throw new IOException("bad central directory entry at " + at);
      }
      int nameLen = Short.toUnsignedInt(b.getShort(at + 28));
      int extraLen = Short.toUnsignedInt(b.getShort(at + 30));
      int commentLen = Short.toUnsignedInt(b.getShort(at + 32));
      String name = new String(zip, at + 46, nameLen, java.nio.charset.StandardCharsets.UTF_8);
      int mode = name.endsWith("/") ? MODE_DIR : name.startsWith("extensions/") ? MODE_EXEC : MODE_FILE;
      b.putShort(at + 4, (short) ((3 << 8) | 20));
      b.putInt(at + 38, (mode << 16) | (name.endsWith("/") ? 0x10 : 0));
      at += 46 + nameLen + extraLen + commentLen;
    }
  }
}
