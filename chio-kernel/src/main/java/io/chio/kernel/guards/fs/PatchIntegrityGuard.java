package io.chio.kernel.guards.fs;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.json.Fields;
import io.chio.kernel.action.Arguments;
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
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code patch-integrity}: judges patches. A patch is the {@code diff}/{@code patch} argument of
 * any call (parsed as a unified diff, see {@link UnifiedDiff}), or for a file PATCH operation the
 * {@code old_string}/{@code new_string} pair or the {@code edits: [{oldText, newText}]} list. It is
 * denied when it adds more than {@code max_additions} or deletes more than {@code max_deletions}
 * lines, when {@code require_balance} is set and additions/deletions exceeds {@code
 * max_imbalance_ratio}, or when an added line disables TLS verification or authentication, sets
 * {@code chmod 777}, calls {@code eval(}/{@code exec(}, opens a reverse shell, decodes and executes
 * base64, deletes {@code /} or {@code ~} (see {@link PatchRules}), or matches a configured pattern.
 *
 * <p>Config (HushSpec {@code rules.patch_integrity}): {@code enabled} (default {@code true}),
 * {@code max_additions} (1000), {@code max_deletions} (500), {@code forbidden_patterns} (default
 * {@code []}: extra regexes, found anywhere in an added line, on top of the built-in rules), {@code
 * require_balance} ({@code false}), {@code max_imbalance_ratio} (10.0; a patch that only adds lines
 * has an infinite ratio).
 */
public final class PatchIntegrityGuard implements Guard {
  public static final String NAME = "patch-integrity";
  private static final Set<String> KEYS = Set.of("enabled", "max_additions", "max_deletions", "forbidden_patterns", "require_balance", "max_imbalance_ratio");

  private final boolean enabled;
  private final long maxAdditions;
  private final long maxDeletions;
  private final List<Pattern> forbidden;
  private final boolean requireBalance;
  private final double maxImbalanceRatio;

  private PatchIntegrityGuard(boolean enabled, long maxAdditions, long maxDeletions, List<Pattern> forbidden, boolean requireBalance, double maxImbalanceRatio) {
    this.enabled = enabled;
    this.maxAdditions = maxAdditions;
    this.maxDeletions = maxDeletions;
    this.forbidden = forbidden;
    this.requireBalance = requireBalance;
    this.maxImbalanceRatio = maxImbalanceRatio;
  }

  public static PatchIntegrityGuard create(JsonNode config) throws GuardConfigException {
    GuardConfig c = GuardConfig.of(NAME, config, KEYS);
    return new PatchIntegrityGuard(c.bool("enabled", true), c.nonNegativeLong("max_additions", 1000), c.nonNegativeLong("max_deletions", 500),
        c.regexes("forbidden_patterns"), c.bool("require_balance", false), c.positiveDouble("max_imbalance_ratio", 10.0));
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
    UnifiedDiff.Stats stats;
    try {
      stats = patchOf(context);
    } catch (MalformedArgumentException e) {
      return GuardResult.deny(e.getMessage(), "field=" + e.field());
    }
    if (stats == null) {
      return GuardResult.allow("not a patch");
    }
    if (stats.additions() > maxAdditions) {
      return GuardResult.deny("patch adds " + stats.additions() + " lines, over the limit of " + maxAdditions,
          "rule=max-additions additions=" + stats.additions() + " deletions=" + stats.deletions());
    }
    if (stats.deletions() > maxDeletions) {
      return GuardResult.deny("patch deletes " + stats.deletions() + " lines, over the limit of " + maxDeletions,
          "rule=max-deletions additions=" + stats.additions() + " deletions=" + stats.deletions());
    }
    if (requireBalance && stats.additions() > 0) {
      double ratio = stats.deletions() == 0 ? Double.POSITIVE_INFINITY : (double) stats.additions() / stats.deletions();
      if (ratio > maxImbalanceRatio) {
        return GuardResult.deny("patch adds " + stats.additions() + " lines for " + stats.deletions() + " deleted, over the imbalance ratio of " + maxImbalanceRatio,
            "rule=imbalance additions=" + stats.additions() + " deletions=" + stats.deletions());
      }
    }
    StringBuilder all = new StringBuilder();
    for (UnifiedDiff.Added line : stats.added()) {
      String text = line.text();
      String lower = text.toLowerCase(Locale.ROOT);
      for (PatchRules.Rule r : PatchRules.BUILT_IN) {
        if (r.matches(text, lower)) {
          return denyLine(r.id(), "patch adds a line that " + r.does(), line);
        }
      }
      if (ScriptHeuristics.reverseShell(text) != null) {
        return denyLine("reverse-shell", "patch adds a line that opens a reverse shell", line);
      }
      if (ScriptHeuristics.decodeAndExec(text) || ScriptHeuristics.downloadAndInvoke(text)) {
        return denyLine("decode-exec", "patch adds a line that decodes or downloads code and executes it", line);
      }
      for (Pattern p : forbidden) {
        if (p.matcher(text).find()) {
          return denyLine("forbidden-pattern", "patch adds a line matching forbidden pattern " + Evidence.quote(p.pattern()), line);
        }
      }
      all.append(text).append('\n');
    }
    if (ScriptHeuristics.strongReverseShell(all.toString())) {
      return GuardResult.deny("patch adds code that connects a socket to a shell (reverse shell)", "rule=reverse-shell");
    }
    return GuardResult.allow("additions=" + stats.additions() + " deletions=" + stats.deletions());
  }

  private static GuardResult denyLine(String rule, String reason, UnifiedDiff.Added line) {
    return GuardResult.deny(reason + " (patch line " + line.lineNumber() + ")",
        "rule=" + rule + " line=" + line.lineNumber() + " text=" + Evidence.quote(Evidence.mask(line.text().strip())));
  }

  /** The patch this call carries, or null when it carries none. */
  private static UnifiedDiff.Stats patchOf(GuardContext context) throws MalformedArgumentException {
    JsonNode args = context.call().arguments();
    String diff = context.action() instanceof ToolAction.FileAccess fa ? fa.patch() : Arguments.string(args, "diff", "patch");
    if (diff != null) {
      return UnifiedDiff.parse(diff);
    }
    if (!(context.action() instanceof ToolAction.FileAccess fa) || fa.op() != FileOp.PATCH) {
      return null;
    }
    List<String[]> pairs = new ArrayList<>();
    String newText = Arguments.string(args, "new_string", "new_str", "newText", "replacement");
    if (newText != null) {
      pairs.add(new String[] {Arguments.string(args, "old_string", "old_str", "oldText"), newText});
    }
    JsonNode edits = args.get("edits");
    if (edits != null && !edits.isNull()) {
      if (!edits.isArray()) {
        throw new MalformedArgumentException("edits", "argument \"edits\" must be an array, got " + Fields.kind(edits));
      }
      for (int i = 0; i < edits.size(); i++) {
        JsonNode e = edits.get(i);
        String f = "edits[" + i + "]";
        if (!e.isObject()) {
          throw new MalformedArgumentException(f, "argument \"" + f + "\" must be an object, got " + Fields.kind(e));
        }
        try {
          pairs.add(new String[] {Arguments.string(e, "oldText", "old_string", "old_str"), Arguments.string(e, "newText", "new_string", "new_str")});
        } catch (MalformedArgumentException ex) {
          throw new MalformedArgumentException(f + "." + ex.field(), "argument \"" + f + "." + ex.field() + "\" must be a string");
        }
      }
    }
    if (pairs.isEmpty()) {
      return fa.content() == null ? null : asAdded(List.<String[]>of(new String[] {null, fa.content()}), false);
    }
    return asAdded(pairs, true);
  }

  /** Old/new text pairs as a diff: every new line added, every old line deleted. */
  private static UnifiedDiff.Stats asAdded(List<String[]> pairs, boolean count) {
    int additions = 0;
    int deletions = 0;
    List<UnifiedDiff.Added> added = new ArrayList<>();
    int n = 0;
    for (String[] p : pairs) {
      if (p[0] != null && !p[0].isEmpty()) {
        deletions += p[0].split("\n", -1).length;
      }
      if (p[1] != null && !p[1].isEmpty()) {
        for (String l : p[1].split("\n", -1)) {
          added.add(new UnifiedDiff.Added(++n, l));
          additions++;
        }
      }
    }
    return count ? new UnifiedDiff.Stats(additions, deletions, added) : new UnifiedDiff.Stats(0, 0, added);
  }
}
