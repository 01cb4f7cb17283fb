package io.chio.kernel.guards.fs;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.Arguments;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code shell-command}: denies dangerous shell commands. Built-in rules (always on):
 *
 * <ul>
 *   <li>recursive {@code rm} (and {@code mv}, {@code find -delete}, {@code find -exec rm}) of
 *       {@code /}, {@code /*}, {@code ~}, {@code $HOME} or a top-level system directory, also
 *       {@code *} after {@code cd /}; {@code rm --no-preserve-root};
 *   <li>recursive {@code chmod}/{@code chown}/{@code chgrp} of such a root;
 *   <li>download piped into a shell or interpreter ({@code curl|sh}, {@code wget -O- | bash},
 *       {@code bash <(curl ...)}, {@code sh -c "$(curl ...)"}, {@code x=$(curl ...); eval "$x"}),
 *       and a downloaded file executed later in the same command;
 *   <li>reverse shells: {@code nc -e}/{@code -c}, {@code ncat --sh-exec}, redirections to {@code
 *       /dev/tcp} / {@code /dev/udp}, {@code socat ... exec:}, a shell and {@code nc} in one
 *       pipeline, Python/Perl/Ruby/PHP/Node socket one-liners;
 *   <li>base64 (or {@code xxd -r}, {@code openssl -d}, {@code printf '\x..'}, {@code rev}) output
 *       piped into a shell, or decoded content piped into a network tool;
 *   <li>{@code mkfs*}, {@code dd of=/dev/sd*}, writes/redirections to block devices, fork bombs;
 *   <li>every argument and redirection target that could name a file goes through {@link
 *       ForbiddenPaths} ({@code cat ~/.ssh/id_rsa}, {@code tar czf x ~/.aws}, globs such as
 *       {@code ~/.s*}{@code /id_*}).
 * </ul>
 *
 * It sees through {@code sudo}, {@code doas}, {@code env [-S]}, {@code nohup}, {@code timeout},
 * {@code nice}, {@code xargs}, {@code sh|bash|zsh -c} (recursively, eight
 * levels), {@code eval}, {@code su -c}, here-documents, {@code ;}, {@code &&}, {@code ||}, {@code
 * |}, backticks and {@code $(...)}. Unparseable commands are denied. A {@code cwd}/{@code
 * working_dir}/{@code workdir} argument is used as the starting directory for relative paths.
 *
 * <p>Config (HushSpec {@code rules.shell_commands}): {@code enabled} (default {@code true}), {@code
 * forbidden_patterns} (default {@code []}): extra regexes matched (find) against the whole command,
 * every nested script and every simple command after quote removal and wrapper stripping.
 */
public final class ShellCommandGuard implements Guard {
  public static final String NAME = "shell-command";
  private static final Set<String> KEYS = Set.of("enabled", "forbidden_patterns");

  private final boolean enabled;
  private final ShellAnalyzer analyzer;

  private ShellCommandGuard(boolean enabled, ShellAnalyzer analyzer) {
    this.enabled = enabled;
    this.analyzer = analyzer;
  }

  /** Compiles the guard with the built-in forbidden paths. */
  public static ShellCommandGuard create(JsonNode config) throws GuardConfigException {
    return create(config, ForbiddenPaths.defaults());
  }

  /** Compiles the guard, checking paths in commands against {@code paths} (e.g. the policy's forbidden-path matcher). */
  public static ShellCommandGuard create(JsonNode config, ForbiddenPaths paths) throws GuardConfigException {
    Objects.requireNonNull(paths, "paths");
    GuardConfig c = GuardConfig.of(NAME, config, KEYS);
    boolean enabled = c.bool("enabled", true);
    List<Pattern> extra = c.regexes("forbidden_patterns");
    return new ShellCommandGuard(enabled, new ShellAnalyzer(paths, extra));
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
    if (!(context.action() instanceof ToolAction.Shell shell) || shell.command() == null) {
      return GuardResult.allow("not a shell command");
    }
    String cwd;
    try {
      cwd = Arguments.string(context.call().arguments(), "cwd", "working_dir", "working_directory", "workdir");
    } catch (MalformedArgumentException e) {
      return GuardResult.deny(e.getMessage(), "field=" + e.field());
    }
    if (cwd != null && !cwd.startsWith("/") && !cwd.startsWith("~")) {
      List<String> roots = ForbiddenPaths.absoluteBases(context.filesystemRoots());
      cwd = roots.isEmpty() ? null : roots.get(0) + "/" + cwd;
    }
    ShellAnalyzer.Finding f = analyzer.analyze(shell.command(), cwd == null ? null : PathNormalizer.normalize(cwd), context.filesystemRoots());
    if (f == null) {
      return GuardResult.allow("no dangerous pattern");
    }
    return GuardResult.deny(f.reason(), "rule=" + f.rule() + " command=" + Evidence.mask(shell.command()));
  }
}
