package io.chio.kernel.guards.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The reusable secret-location matcher behind {@code forbidden-path} (and the path check inside
 * {@code shell-command}). Immutable and thread-safe; build it once.
 *
 * <p>A path is judged in every reading an attacker could rely on: as written after lexical
 * normalisation ({@code ..}, {@code .}, {@code //}, backslashes, NFKC, Windows trailing dots), after
 * percent-decoding, cut at a NUL, joined to each base directory when relative, climbed to the root
 * when it starts with enough {@code ..}, and resolved through the real file system (symlinks
 * followed) when it is absolute or has a base directory. Matching ignores case. It is forbidden when
 * any reading matches a pattern and that same reading matches no exception, so an exception for
 * {@code /app/.env.example} does not cover a symlink of that name pointing into {@code ~/.ssh}.
 */
public final class ForbiddenPaths {
  /** Built-in secret locations; always active (configured patterns are added to these). */
  public static final List<String> DEFAULT_PATTERNS = List.of(
      // SSH and private keys
      "**/.ssh/**", "**/id_rsa*", "**/id_dsa*", "**/id_ecdsa*", "**/id_ed25519*",
      "**/*.pem", "**/*.key", "**/*.p12", "**/*.pfx",
      // cloud and cluster credentials
      "**/.aws/**", "**/.azure/**", "**/.config/gcloud/**", "**/.kube/**", "**/.docker/**",
      // environment files
      "**/.env", "**/.env.*", "**/.envrc",
      // VCS, package-manager and network credentials
      "**/.git-credentials", "**/.gitconfig", "**/.npmrc", "**/.netrc", "**/_netrc", "**/.pypirc", "**/.pgpass",
      // key rings and password stores
      "**/.gnupg/**", "**/.password-store/**", "**/.1password/**",
      // system accounts and host keys
      "/etc/shadow", "/etc/gshadow", "/etc/passwd", "/etc/sudoers", "/etc/sudoers.d/**", "/etc/ssh/ssh_host_*",
      "/proc/*/environ", "/proc/*/task/*/environ",
      // Windows credential stores (match Windows-style paths after normalisation)
      "**/AppData/Roaming/Microsoft/Credentials/**", "**/AppData/Local/Microsoft/Credentials/**",
      "**/AppData/Roaming/Microsoft/Vault/**", "**/AppData/Roaming/Microsoft/SystemCertificates/**",
      "**/NTUSER.DAT", "**/NTUSER.DAT.*", "**/Windows/System32/config/SAM", "**/Windows/System32/config/SECURITY",
      "**/Windows/System32/config/SYSTEM", "**/*.reg", "**/WindowsPowerShell/profile.ps1", "**/PowerShell/profile.ps1");

  /** Used when the config has no {@code exceptions} key: committed templates hold no secrets. */
  public static final List<String> DEFAULT_EXCEPTIONS = List.of("**/.env.example", "**/.env.sample", "**/.env.template", "**/.env.dist");

  /** Longer paths cannot be opened (ENAMETOOLONG at PATH_MAX); {@link #match} reports them rather than judging them. */
  public static final int MAX_PATH_CHARS = 4096;

  /** Relative paths are tried against at most this many base directories (bounds I/O per call). */
  static final int MAX_BASES = 8;

  private static final ForbiddenPaths DEFAULTS = of(List.of(), DEFAULT_EXCEPTIONS);

  private final List<Glob> patterns;
  private final List<Glob> exceptions;

  private ForbiddenPaths(List<Glob> patterns, List<Glob> exceptions) {
    this.patterns = patterns;
    this.exceptions = exceptions;
  }

  /** The built-in patterns with the default exceptions. */
  public static ForbiddenPaths defaults() {
    return DEFAULTS;
  }

  /**
   * The built-in patterns plus {@code extraPatterns}, with exactly {@code exceptions}.
   *
   * @throws IllegalArgumentException when a glob is malformed (message names it)
   */
  public static ForbiddenPaths of(List<String> extraPatterns, List<String> exceptions) {
    List<Glob> p = new ArrayList<>();
    for (String s : DEFAULT_PATTERNS) {
      p.add(Glob.compile(s));
    }
    for (String s : extraPatterns) {
      p.add(Glob.compile(Objects.requireNonNull(s, "pattern")));
    }
    List<Glob> e = new ArrayList<>();
    for (String s : exceptions) {
      e.add(Glob.compile(Objects.requireNonNull(s, "exception")));
    }
    return new ForbiddenPaths(List.copyOf(p), List.copyOf(e));
  }

  /** A forbidden match: the glob, the reading of the path that matched, and whether it came from symlink resolution. */
  public record Match(String pattern, String matchedPath, boolean viaSymlink) {
    /** A short deny reason naming the pattern. */
    public String reason() {
      if (pattern.startsWith("<")) {
        return "path is longer than " + MAX_PATH_CHARS + " characters";
      }
      if (viaSymlink) {
        return "path resolves through a symlink to " + Evidence.quote(matchedPath) + ", which matches forbidden pattern " + Evidence.quote(pattern);
      }
      return "path matches forbidden pattern " + Evidence.quote(pattern);
    }
  }

  /**
   * How much of the real file system to consult. {@code READ} resolves paths that exist; {@code
   * WRITE} also resolves where a missing path would be created (through a symlinked parent or a
   * dangling link); {@code NONE} judges lexical readings only.
   */
  public enum Resolution {
    NONE,
    READ,
    WRITE
  }

  /** {@link #match(String, List, Resolution)} with no base directories and {@link Resolution#WRITE}. */
  public Optional<Match> match(String path) {
    return match(path, List.of(), Resolution.WRITE);
  }

  /** {@link #match(String, List, Resolution)} with {@link Resolution#WRITE}, the most thorough. */
  public Optional<Match> match(String path, List<String> baseDirs) {
    return match(path, baseDirs, Resolution.WRITE);
  }

  /**
   * Judges {@code path}. Relative paths are also joined to each absolute entry of {@code baseDirs}
   * (the session's filesystem roots, or a command's working directory) and resolved there.
   */
  public Optional<Match> match(String path, List<String> baseDirs, Resolution resolution) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(baseDirs, "baseDirs");
    Objects.requireNonNull(resolution, "resolution");
    if (path.length() > MAX_PATH_CHARS) {
      return Optional.of(new Match("<longer than " + MAX_PATH_CHARS + " characters>", path.substring(0, 64), false));
    }
    List<String> bases = absoluteBases(baseDirs);
    List<String> readings = PathNormalizer.variants(path);
    for (String v : readings) {
      Match m = check(v, false);
      if (m != null) {
        return Optional.of(m);
      }
      if (!PathNormalizer.isAbsolute(v)) {
        String climbed = PathNormalizer.climbedToRoot(v);
        if (climbed != null && (m = check(climbed, false)) != null) {
          return Optional.of(m);
        }
        for (String base : bases) {
          if ((m = check(PathNormalizer.join(base, v), false)) != null) {
            return Optional.of(m);
          }
        }
      }
    }
    return resolution == Resolution.NONE ? Optional.empty() : Optional.ofNullable(checkResolved(path, bases, resolution == Resolution.WRITE));
  }

  private Match checkResolved(String path, List<String> bases, boolean forWrite) {
    if (path.isEmpty() || path.startsWith("~") || path.indexOf('\0') >= 0) {
      return null;
    }
    if (path.startsWith("/")) {
      return checkResolvedOne(path, forWrite);
    }
    for (String base : bases) {
      Match m = checkResolvedOne(base + "/" + path, forWrite);
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  private Match checkResolvedOne(String absolute, boolean forWrite) {
    String resolved = PathResolver.resolve(absolute, forWrite);
    if (resolved == null) {
      return null;
    }
    String normalized = PathNormalizer.normalize(resolved);
    if (normalized.equals(PathNormalizer.normalize(absolute))) {
      return null; // same as a lexical reading, already judged
    }
    return check(normalized, true);
  }

  private Match check(String normalized, boolean viaSymlink) {
    String lower = normalized.toLowerCase(Locale.ROOT);
    for (Glob g : patterns) {
      if (g.matches(lower)) {
        for (Glob e : exceptions) {
          if (e.matches(lower)) {
            return null;
          }
        }
        return new Match(g.source(), normalized, viaSymlink);
      }
    }
    return null;
  }

  static List<String> absoluteBases(List<String> dirs) {
    List<String> out = new ArrayList<>(Math.min(dirs.size(), MAX_BASES));
    for (String d : dirs) {
      if (out.size() == MAX_BASES) {
        break;
      }
      if (d != null && d.startsWith("/") && d.indexOf('\0') < 0) {
        out.add(d);
      }
    }
    return out;
  }
}
