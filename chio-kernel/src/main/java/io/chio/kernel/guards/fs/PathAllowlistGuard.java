package io.chio.kernel.guards.fs;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.action.ToolAction.FileOp;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code path-allowlist} (off by default): when enabled, a file read/list must match a {@code read}
 * glob, a write/delete a {@code write} glob and a patch a {@code patch} glob (falling back to
 * {@code write} when {@code patch} is empty), and every path must lie inside one of the session's
 * filesystem roots when the session has roots. Both the lexical reading and the symlink-resolved
 * target must pass, so a symlink inside a root that points outside it is outside.
 *
 * <p>Relative paths are joined to the session's first root (its working directory); without roots
 * they are matched as written, and one that climbs out with a leading {@code ..} is denied. A path
 * starting with {@code ~} is outside every root. Relative globs ({@code src/**}) match the path
 * relative to its root; absolute globs ({@code /data/**}, {@code **}{@code /*.md}) match the
 * absolute path. With no glob for the operation, roots alone decide; with neither, the operation is
 * denied. Path-valued keys such as {@code source}/{@code destination} are judged too: as writes
 * when the tool name says it moves, copies, renames, writes, creates or deletes, else as reads.
 * Symlinks of the session roots themselves are resolved and cached for a minute.
 *
 * <p>Config (HushSpec {@code rules.path_allowlist}): {@code enabled} (default {@code false}),
 * {@code read}, {@code write}, {@code patch} (globs, default {@code []}).
 */
public final class PathAllowlistGuard implements Guard {
  public static final String NAME = "path-allowlist";
  private static final Set<String> KEYS = Set.of("enabled", "read", "write", "patch");
  private static final long ROOT_CACHE_MILLIS = 60_000;
  private static final int ROOT_CACHE_SIZE = 256;

  private record CachedRoot(String resolved, long atMillis) {}

  private final Map<String, CachedRoot> rootCache = new ConcurrentHashMap<>();

  private final boolean enabled;
  private final List<Glob> read;
  private final List<Glob> write;
  private final List<Glob> patch;

  private PathAllowlistGuard(boolean enabled, List<Glob> read, List<Glob> write, List<Glob> patch) {
    this.enabled = enabled;
    this.read = read;
    this.write = write;
    this.patch = patch.isEmpty() ? write : patch;
  }

  public static PathAllowlistGuard create(JsonNode config) throws GuardConfigException {
    GuardConfig c = GuardConfig.of(NAME, config, KEYS);
    return new PathAllowlistGuard(c.bool("enabled", false), globs(c, "read"), globs(c, "write"), globs(c, "patch"));
  }

  private static List<Glob> globs(GuardConfig c, String key) throws GuardConfigException {
    List<String> src = c.strings(key, List.of());
    List<Glob> out = new ArrayList<>(src.size());
    for (int i = 0; i < src.size(); i++) {
      out.add(ForbiddenPathGuard.checkGlob(c, key + "[" + i + "]", src.get(i)));
    }
    return List.copyOf(out);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return GuardResult.allow("disabled");
    }
    List<PathArguments.PathArgument> args;
    try {
      args = PathArguments.collect(context.call(), context.action());
    } catch (MalformedArgumentException e) {
      return GuardResult.deny(e.getMessage(), "field=" + e.field());
    }
    if (args.isEmpty()) {
      return GuardResult.allow("no path arguments");
    }
    List<String> roots = ForbiddenPaths.absoluteBases(context.filesystemRoots());
    List<String> lexicalRoots = new ArrayList<>(roots.size());
    for (String r : roots) {
      lexicalRoots.add(PathNormalizer.normalize(r));
    }
    List<String> resolvedRoots = null;
    FileOp fileOp = context.action() instanceof ToolAction.FileAccess fa ? fa.op() : PathArguments.impliedOp(context.call().toolName());
    String listName = listName(fileOp);
    List<Glob> globs = globsFor(fileOp);
    for (PathArguments.PathArgument a : args) {
      String raw = a.value();
      if (raw.indexOf('\0') >= 0) {
        return GuardResult.deny("argument \"" + a.field() + "\" contains a NUL character", "field=" + a.field());
      }
      if (raw.length() > ForbiddenPaths.MAX_PATH_CHARS) {
        return GuardResult.deny("argument \"" + a.field() + "\" is longer than " + ForbiddenPaths.MAX_PATH_CHARS + " characters", "field=" + a.field());
      }
      if (globs.isEmpty() && roots.isEmpty()) {
        return GuardResult.deny("no path-allowlist " + listName + " globs are configured and the session has no filesystem roots",
            "field=" + a.field() + " op=" + fileOp);
      }
      for (String v : PathNormalizer.variants(raw)) {
        String verdict = judgeLexical(v, roots.isEmpty() ? null : lexicalRoots, globs, listName);
        if (verdict != null) {
          return GuardResult.deny(verdict, "field=" + a.field() + " op=" + fileOp + " reading=" + Evidence.quote(v));
        }
      }
      String base = raw.startsWith("/") ? null : roots.isEmpty() ? null : roots.get(0);
      if (raw.startsWith("/") || base != null) {
        String resolved = PathResolver.resolve(base == null ? raw : base + "/" + raw, a.write());
        if (resolved != null) {
          String norm = PathNormalizer.normalize(resolved);
          if (resolvedRoots == null) {
            resolvedRoots = resolveRoots(lexicalRoots, context.nowMillis());
          }
          String verdict = judgeAbsolute(norm, roots.isEmpty() ? null : resolvedRoots, globs, listName);
          if (verdict != null) {
            return GuardResult.deny("path resolves through a symlink to " + Evidence.quote(norm) + ", which " + verdict,
                "field=" + a.field() + " op=" + fileOp + " resolved=" + Evidence.quote(norm));
          }
        }
      }
    }
    return GuardResult.allow("checked " + args.size() + " path(s) against " + listName + " allowlist");
  }

  /** Null when the lexical reading passes, else the deny reason. */
  private static String judgeLexical(String v, List<String> roots, List<Glob> globs, String listName) {
    if (v.startsWith("~")) {
      if (roots != null) {
        return "path " + Evidence.quote(v) + " is in a home directory, outside the session's filesystem roots";
      }
      return matchesAny(globs, v.toLowerCase(Locale.ROOT)) ? null : "path " + Evidence.quote(v) + " matches no path-allowlist " + listName + " glob";
    }
    if (PathNormalizer.isAbsolute(v)) {
      String why = judgeAbsolute(v, roots, globs, listName);
      return why == null ? null : "path " + Evidence.quote(v) + " " + why;
    }
    if (roots != null) {
      String abs = PathNormalizer.join(roots.get(0), v);
      String why = judgeAbsolute(abs, roots, globs, listName);
      return why == null ? null : "path " + Evidence.quote(v) + " (" + Evidence.quote(abs) + ") " + why;
    }
    if (v.equals("..") || v.startsWith("../")) {
      return "path " + Evidence.quote(v) + " climbs out of its working directory";
    }
    return matchesAny(globs, v.toLowerCase(Locale.ROOT)) ? null : "path " + Evidence.quote(v) + " matches no path-allowlist " + listName + " glob";
  }

  /** Judges an absolute normalised path; {@code roots} null when the session has none. */
  private static String judgeAbsolute(String abs, List<String> roots, List<Glob> globs, String listName) {
    String lower = abs.toLowerCase(Locale.ROOT);
    String relative = null;
    if (roots != null) {
      String root = containingRoot(abs, roots);
      if (root == null) {
        return "is outside the session's filesystem roots";
      }
      relative = root.equals("/") ? abs.substring(1) : abs.length() == root.length() ? "." : abs.substring(root.length() + 1);
    }
    if (globs.isEmpty()) {
      return null;
    }
    String lowerRelative = relative == null ? null : relative.toLowerCase(Locale.ROOT);
    for (Glob g : globs) {
      if (g.isAbsolute() ? g.matches(lower) : lowerRelative != null && g.matches(lowerRelative)) {
        return null;
      }
    }
    return "matches no path-allowlist " + listName + " glob";
  }

  private static String containingRoot(String abs, List<String> roots) {
    for (String root : roots) {
      if (abs.equals(root) || root.equals("/") && abs.startsWith("/") || abs.startsWith(root) && abs.charAt(root.length()) == '/') {
        return root;
      }
    }
    return null;
  }

  private static boolean matchesAny(List<Glob> globs, String lower) {
    for (Glob g : globs) {
      if (g.matches(lower)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The roots with symlinks resolved (a root may itself be reached through a link). Roots are
   * session configuration, so their resolution is cached for {@link #ROOT_CACHE_MILLIS}.
   */
  private List<String> resolveRoots(List<String> lexicalRoots, long nowMillis) {
    List<String> out = new ArrayList<>(lexicalRoots.size());
    for (String r : lexicalRoots) {
      CachedRoot c = rootCache.get(r);
      if (c == null || nowMillis - c.atMillis() > ROOT_CACHE_MILLIS || nowMillis < c.atMillis()) {
        String resolved = PathResolver.resolve(r, false);
        c = new CachedRoot(resolved == null ? r : PathNormalizer.normalize(resolved), nowMillis);
        if (rootCache.size() >= ROOT_CACHE_SIZE) {
          rootCache.clear();
        }
        rootCache.put(r, c);
      }
      out.add(c.resolved());
    }
    return out;
  }

  private List<Glob> globsFor(FileOp op) {
    return switch (op) {
      case READ, LIST -> read;
      case WRITE, DELETE -> write;
      case PATCH -> patch;
    };
  }

  private static String listName(FileOp op) {
    return switch (op) {
      case READ, LIST -> "read";
      case WRITE, DELETE -> "write";
      case PATCH -> "patch";
    };
  }
}
