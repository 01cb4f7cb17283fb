package io.chio.kernel.guards.fs;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code forbidden-path}: denies file reads, writes, patches, deletes and listings of secret
 * locations ({@code ~/.ssh}, private keys, {@code .aws}, {@code .env*}, {@code /etc/shadow}, ...),
 * judged on every lexical reading of the path and on its symlink-resolved target (see {@link
 * ForbiddenPaths}). Besides the classified {@code path}, path-valued keys such as {@code source},
 * {@code destination}, {@code cwd} and {@code paths} are checked (see {@code PathArguments}).
 *
 * <p>Config (HushSpec {@code rules.forbidden_paths}):
 *
 * <ul>
 *   <li>{@code enabled} (default {@code true}): {@code false} allows everything.
 *   <li>{@code patterns} (default {@code []}): globs added to {@link ForbiddenPaths#DEFAULT_PATTERNS},
 *       which always apply.
 *   <li>{@code exceptions} (default {@link ForbiddenPaths#DEFAULT_EXCEPTIONS}): globs that are never
 *       forbidden; when given, replaces the default list ({@code []} forbids {@code .env.example} too).
 * </ul>
 */
public final class ForbiddenPathGuard implements Guard {
  public static final String NAME = "forbidden-path";
  private static final Set<String> KEYS = Set.of("enabled", "patterns", "exceptions");

  private final boolean enabled;
  private final ForbiddenPaths paths;

  private ForbiddenPathGuard(boolean enabled, ForbiddenPaths paths) {
    this.enabled = enabled;
    this.paths = paths;
  }

  /** Compiles the guard from its config block ({@code {}} = defaults). */
  public static ForbiddenPathGuard create(JsonNode config) throws GuardConfigException {
    GuardConfig c = GuardConfig.of(NAME, config, KEYS);
    boolean enabled = c.bool("enabled", true);
    List<String> patterns = c.strings("patterns", List.of());
    List<String> exceptions = c.strings("exceptions", ForbiddenPaths.DEFAULT_EXCEPTIONS);
    return new ForbiddenPathGuard(enabled, compile(c, patterns, exceptions));
  }

  /** Compiles {@code forbidden_paths}-style globs, naming the offending key on error. */
  static ForbiddenPaths compile(GuardConfig c, List<String> patterns, List<String> exceptions) throws GuardConfigException {
    for (int i = 0; i < patterns.size(); i++) {
      checkGlob(c, "patterns[" + i + "]", patterns.get(i));
    }
    for (int i = 0; i < exceptions.size(); i++) {
      checkGlob(c, "exceptions[" + i + "]", exceptions.get(i));
    }
    return ForbiddenPaths.of(patterns, exceptions);
  }

  static Glob checkGlob(GuardConfig c, String key, String glob) throws GuardConfigException {
    try {
      return Glob.compile(glob);
    } catch (IllegalArgumentException e) {
      throw c.error(key, e.getMessage());
    }
  }

  /** The matcher this guard uses, for wiring the same policy into {@code shell-command}. */
  public ForbiddenPaths paths() {
    return paths;
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
    for (PathArguments.PathArgument a : args) {
      if (a.value().indexOf('\0') >= 0) {
        return GuardResult.deny("argument \"" + a.field() + "\" contains a NUL character", "field=" + a.field());
      }
      Optional<ForbiddenPaths.Match> m = paths.match(a.value(), context.filesystemRoots(), a.write() ? ForbiddenPaths.Resolution.WRITE : ForbiddenPaths.Resolution.READ);
      if (m.isPresent()) {
        ForbiddenPaths.Match match = m.get();
        return GuardResult.deny(match.reason(),
            "field=" + a.field() + " path=" + Evidence.quote(a.value()) + " matched=" + Evidence.quote(match.matchedPath())
                + " pattern=" + Evidence.quote(match.pattern()) + (match.viaSymlink() ? " via=symlink" : " via=lexical"));
      }
    }
    return GuardResult.allow("checked " + args.size() + " path(s)");
  }
}
