package io.chio.kernel.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads a HushSpec policy (KERNEL.md section 6; format in {@code docs/policy.md}): reads the YAML,
 * checks its structure, resolves {@code extends} (relative to the extending file, cycles
 * rejected), merges, and compiles the guard pipeline once. Any problem refuses the whole policy
 * with {@code file:line:column} positions; there is no fallback policy.
 */
public final class PolicyLoader {
  /** Larger policy files are refused (a policy is a page of YAML, not a data set). */
  public static final int MAX_FILE_BYTES = 1 << 20;

  /** Longest {@code extends} chain followed. */
  public static final int MAX_EXTENDS_DEPTH = 16;

  private final GuardProvider guards;
  private final List<String> sources = new ArrayList<>();

  private PolicyLoader(GuardProvider guards) {
    this.guards = Objects.requireNonNull(guards, "guards");
  }

  /** Loads and compiles {@code file} against the built-in guard catalog. */
  public static CompiledPolicy load(Path file) throws PolicyException {
    return load(file, GuardProvider.catalog());
  }

  public static CompiledPolicy load(Path file, GuardProvider guards) throws PolicyException {
    Objects.requireNonNull(file, "file");
    PolicyLoader loader = new PolicyLoader(guards);
    MergedPolicy merged = loader.resolve(file, new ArrayList<>(), file.toString());
    return PolicyCompiler.compile(merged, guards, loader.sources);
  }

  /**
   * Compiles policy text that is not in a file. {@code sourceName} names it in messages. A policy
   * read this way cannot use {@code extends} (there is no directory to resolve it against).
   */
  public static CompiledPolicy parse(String yaml, String sourceName, GuardProvider guards) throws PolicyException {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    PolicyLoader loader = new PolicyLoader(guards);
    SourceTree tree = loader.check(yaml, sourceName);
    if (tree.root().has("extends")) {
      throw new PolicyException(tree.where("/extends"), "extends can only be used in a policy loaded from a file");
    }
    loader.sources.add(sourceName);
    return PolicyCompiler.compile(PolicyMerger.single(tree), guards, loader.sources);
  }

  public static CompiledPolicy parse(String yaml, String sourceName) throws PolicyException {
    return parse(yaml, sourceName, GuardProvider.catalog());
  }

  /**
   * @param chain real paths of the files extending this one, outermost first (cycle detection)
   * @param referencedFrom where this file was named (for "cannot read" messages)
   */
  private MergedPolicy resolve(Path file, List<Path> chain, String referencedFrom) throws PolicyException {
    String display = file.normalize().toString();
    Path real;
    byte[] bytes;
    try {
      real = file.toRealPath();
      if (Files.size(real) > MAX_FILE_BYTES) {
        throw new PolicyException(display, "policy file is larger than " + MAX_FILE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(real);
    } catch (NoSuchFileException e) {
      throw new PolicyException(referencedFrom, "policy file " + display + " does not exist");
    } catch (IOException e) {
      throw new PolicyException(referencedFrom, "cannot read policy file " + display + ": " + e.getMessage());
    }
    SourceTree tree = check(decode(bytes, display), display);
    sources.add(display);
    if (!tree.root().has("extends")) {
      return PolicyMerger.single(tree);
    }
    String extendsWhere = tree.where("/extends");
    String target = tree.root().get("extends").textValue();
    if (target.isBlank() || target.contains("://")) {
      throw new PolicyException(extendsWhere, "extends must be a path to a policy file (relative to this file), got \"" + target + "\"");
    }
    List<Path> next = new ArrayList<>(chain);
    next.add(real);
    if (next.size() > MAX_EXTENDS_DEPTH) {
      throw new PolicyException(extendsWhere, "extends chain is deeper than " + MAX_EXTENDS_DEPTH + " files");
    }
    Path parent = file.toAbsolutePath().getParent();
    Path basePath = parent == null ? Path.of(target) : parent.resolve(target);
    Path baseReal;
    try {
      baseReal = basePath.toRealPath();
    } catch (IOException e) {
      throw new PolicyException(extendsWhere, "extends: policy file " + basePath.normalize() + " does not exist or cannot be read");
    }
    if (next.contains(baseReal)) {
      throw new PolicyException(extendsWhere, "extends cycle: " + cycle(next, baseReal));
    }
    MergedPolicy base = resolve(relativeForDisplay(file, target), next, extendsWhere);
    return PolicyMerger.merge(base, tree);
  }

  private SourceTree check(String yaml, String display) throws PolicyException {
    SourceTree tree = YamlTreeReader.read(yaml, display);
    List<PolicyException.Problem> problems = PolicySchema.check(tree);
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
    return tree;
  }

  /** The base's path as the user would write it: next to the extending file, as given. */
  private static Path relativeForDisplay(Path file, String target) {
    Path parent = file.getParent();
    return parent == null ? Path.of(target) : parent.resolve(target);
  }

  private static String cycle(List<Path> chain, Path repeated) {
    StringBuilder sb = new StringBuilder();
    boolean inCycle = false;
    for (Path p : chain) {
      inCycle |= p.equals(repeated);
      if (inCycle) {
        sb.append(p.getFileName()).append(" -> ");
      }
    }
    return sb.append(repeated.getFileName()).toString();
  }

  private static String decode(byte[] bytes, String display) throws PolicyException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PolicyException(display, "policy file is not valid UTF-8");
    }
  }
}
