package io.chio.lambda.layer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the layer's class cache at package time with the JDK the function runs on: one training
 * run of the extension ({@link CacheTraining}) in a JVM that writes, at exit, a JDK 25+ AOT cache
 * ({@code -XX:AOTCacheOutput}, shipped as {@code chio/chio.aot}) or, before JDK 25, an AppCDS
 * archive ({@code -XX:ArchiveClassesAtExit}, {@code chio/chio.jsa}). The jar is laid out as in the
 * layer ({@code chio/chio.jar}, with the layer's fixed file time), because the JVM refuses a cache
 * whose jar differs; it then starts without it, only slower.
 */
public final class ClassCache {
  /**
   * The launcher's default JVM flags; the cache is made with the same ones (a JDK 25 AOT cache is
   * only used with the flags it was trained with).
   */
  static final List<String> LAUNCHER_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
  private static final long TRAINING_SECONDS = 180;

  private ClassCache() {}

  /** The major version of the JDK {@code java} belongs to, from its {@code release} file. */
  public static int majorVersion(Path java) throws IOException {
    Path home = java.toRealPath().getParent().getParent();
    String release;
    try {
      release = Files.readString(home.resolve("release"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(java + " has no release file at " + home.resolve("release") + ": pass the java of a JDK", e);
    }
    Matcher m = VERSION.matcher(release);
    if (!m.find()) {
      throw new IOException(home.resolve("release") + " names no JAVA_VERSION");
    }
    return Integer.parseInt(m.group(1));
  }

  /**
   * Trains and returns the cache file ({@code chio.aot} or {@code chio.jsa}) inside {@code scratch}.
   *
   * @throws IOException when the JDK is older than 17, or the training run fails or writes no cache
   */
  public static Path make(Path java, Path jar, byte[] policy, Path scratch) throws IOException {
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(policy, "policy");
    int major = majorVersion(java);
    if (major < 17) {
      throw new IOException(java + " is JDK " + major + "; the extension needs 17 or later");
    }
    Path home = Files.createDirectories(scratch.resolve("chio"));
    Path layerJar = home.resolve("chio.jar");
    Files.copy(jar, layerJar, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(layerJar, FileTime.fromMillis(LayerPackage.ENTRY_TIME));
    Path policyFile = Files.write(home.resolve("chio-policy.yaml"), policy);
    Path cache = home.resolve(major >= 25 ? "chio.aot" : "chio.jsa").toAbsolutePath();
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add(major >= 25 ? "-XX:AOTCacheOutput=" + cache : "-XX:ArchiveClassesAtExit=" + cache);
    cmd.addAll(LAUNCHER_FLAGS);
    // Relative to the scratch directory, as the launcher names it relative to CHIO_HOME's parent:
    // JDK 17 uses an AppCDS archive only where its class path resolves the same way.
    cmd.addAll(List.of("-cp", "chio/chio.jar", CacheTraining.class.getName(), policyFile.toString(), scratch.toString()));
    Path log = scratch.resolve("training.log");
    Process p = new ProcessBuilder(cmd).directory(scratch.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done;
    try {
      done = p.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while training the class cache");
    }
    if (!done) {
      p.destroyForcibly();
      throw new IOException("the class cache training run did not finish within " + TRAINING_SECONDS + " s");
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(cache) || Files.size(cache) == 0) {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
      throw new IOException("the class cache training run failed (exit " + p.exitValue() + "): " + tail);
    }
    return cache;
  }
}
