package io.chio.kernel.scope;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.capability.Constraint;
import io.chio.kernel.ModelMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides whether one constraint admits a call (scope matching, KERNEL.md section 2 step 6). Each
 * check returns null when the constraint passes, or the reason it does not. A constraint this
 * kernel cannot evaluate fails (fail closed). Semantics, per type:
 *
 * <ul>
 *   <li>{@code path_prefix}: every path-like string argument (under a key containing {@code path},
 *       or {@code file|filepath|dir|directory|root|cwd}, or a value that looks like a path) lies
 *       under the prefix segment by segment after resolving {@code .} and {@code ..}; at least
 *       one path must be present; {@code ..} above the root fails.
 *   <li>{@code domain_exact} / {@code domain_glob}: every host named by the call (in URL-valued
 *       strings, or under {@code host|hostname|domain}) equals the domain / matches the glob
 *       ({@code *} any characters; case-insensitive; {@code *.x} does not match {@code x}); at least
 *       one host must be present.
 *   <li>{@code regex_match}: some string argument contains a match (under a time budget).
 *   <li>{@code max_length}: every string argument is at most that many UTF-8 bytes.
 *   <li>{@code max_args_size}: the canonical JSON of the arguments is at most that many bytes.
 *   <li>{@code custom [key, value]}: the arguments contain member {@code key} somewhere, and every
 *       member {@code key} anywhere is exactly the string {@code value} (stricter than "some":
 *       an agent cannot satisfy it by adding a decoy member).
 *   <li>{@code audience_allowlist}: every recipient value ({@code recipient, recipients,
 *       audience, to, channel, channels}, strings or lists of strings) is on the list; a
 *       recipient key holding anything else fails; a call without recipients passes.
 *   <li>{@code table_allowlist}, {@code column_denylist}, {@code operation_class}, {@code
 *       max_rows_returned}: checked on the parsed SQL of the {@code sql}/{@code query} argument;
 *       no SQL or unparseable SQL fails. A table entry matches the qualified name or, when it has
 *       no dot, the last part; selecting {@code *} fails a column denylist; {@code read_only}
 *       admits plain SELECTs, {@code read_write} adds DML, {@code admin} anything; every SELECT
 *       needs a literal LIMIT/FETCH/TOP within {@code max_rows_returned}.
 *   <li>{@code require_approval_above}: never excludes a grant; it makes the kernel ask for
 *       approval (see {@link #approvalThreshold}).
 *   <li>{@code governed_intent_required}: the call carries a governed intent.
 *   <li>{@code model_constraint}: the reported model is allowed and at or above the safety tier.
 *   <li>{@code memory_store_allowlist}: every store named ({@code store, memory_store, collection,
 *       namespace}) is listed; {@code memory_write_deny_patterns}: no string argument matches.
 *   <li>Everything else ({@code seller_exact}, {@code max_transaction_amount_usd}, {@code
 *       content_review_tier}, {@code require_dual_approval}, {@code minimum_runtime_assurance},
 *       {@code minimum_autonomy_tier}, unknown types): fails, naming the type.
 * </ul>
 */
final class ConstraintEvaluator {
  private static final Set<String> PATH_KEYS = Set.of("file", "filepath", "dir", "directory", "root", "cwd");
  private static final Set<String> HOST_KEYS = Set.of("host", "hostname", "domain");
  private static final Set<String> AUDIENCE_KEYS = Set.of("recipient", "recipients", "audience", "to", "channel", "channels");
  private static final Set<String> STORE_KEYS = Set.of("store", "memory_store", "collection", "namespace");
  private static final int MAX_CACHED_PATTERNS = 1024;

  private final long regexBudgetNanos;
  private final ConcurrentHashMap<String, Object> patterns = new ConcurrentHashMap<>();

  ConstraintEvaluator(long regexBudgetNanos) {
    this.regexBudgetNanos = regexBudgetNanos;
  }

  /** The approval threshold a grant sets, or null when it sets none. */
  static Long approvalThreshold(List<Constraint> constraints) {
    Long t = null;
    for (Constraint c : constraints) {
      if (c instanceof Constraint.RequireApprovalAbove r) {
        t = t == null ? r.thresholdUnits() : Math.min(t, r.thresholdUnits());
      }
    }
    return t;
  }

  String check(Constraint c, CallView call) {
    try {
      return evaluate(c, call);
    } catch (DeadlineCharSequence.Expired e) {
      return c.type() + ": " + e.getMessage();
    } catch (IllegalArgumentException e) {
      return c.type() + ": " + e.getMessage();
    }
  }

  private String evaluate(Constraint c, CallView call) {
    if (c instanceof Constraint.PathPrefix p) {
      return pathPrefix(p.value(), call);
    } else if (c instanceof Constraint.DomainExact d) {
      String want = normalizeHost(d.value());
      return hosts(call, "domain_exact", h -> h.equals(want));
    } else if (c instanceof Constraint.DomainGlob d) {
      String glob = normalizeHost(d.value());
      return hosts(call, "domain_glob", h -> Glob.matches(glob, h));
    } else if (c instanceof Constraint.RegexMatch r) {
      Pattern pat = pattern(r.value());
      long deadline = System.nanoTime() + regexBudgetNanos;
      for (StringLeaves.Leaf leaf : call.leaves()) {
        if (pat.matcher(new DeadlineCharSequence(leaf.value(), deadline)).find()) {
          return null;
        }
      }
      return "regex_match: no string argument matches " + r.value();
    } else if (c instanceof Constraint.MaxLength m) {
      for (StringLeaves.Leaf leaf : call.leaves()) {
        int len = leaf.value().getBytes(StandardCharsets.UTF_8).length;
        if (len > m.value()) {
          return "max_length: a string argument" + (leaf.key() == null ? "" : " (" + leaf.key() + ")") + " is " + len + " bytes, over " + m.value();
        }
      }
      return null;
    } else if (c instanceof Constraint.MaxArgsSize m) {
      long size = call.canonicalSize();
      return size <= m.value() ? null : "max_args_size: arguments are " + size + " bytes, over " + m.value();
    } else if (c instanceof Constraint.Custom cu) {
      return custom(call.arguments(), cu.key(), cu.value());
    } else if (c instanceof Constraint.AudienceAllowlist a) {
      return listedValues(call.arguments(), AUDIENCE_KEYS, a.value(), "audience_allowlist", "recipient");
    } else if (c instanceof Constraint.MemoryStoreAllowlist m) {
      return listedValues(call.arguments(), STORE_KEYS, m.value(), "memory_store_allowlist", "memory store");
    } else if (c instanceof Constraint.MemoryWriteDenyPatterns m) {
      long deadline = System.nanoTime() + regexBudgetNanos;
      for (String p : m.value()) {
        Pattern pat = pattern(p);
        for (StringLeaves.Leaf leaf : call.leaves()) {
          if (pat.matcher(new DeadlineCharSequence(leaf.value(), deadline)).find()) {
            return "memory_write_deny_patterns: an argument matches " + p;
          }
        }
      }
      return null;
    } else if (c instanceof Constraint.TableAllowlist t) {
      return tables(call.sql(), t.value());
    } else if (c instanceof Constraint.ColumnDenylist d) {
      return columns(call.sql(), d.value());
    } else if (c instanceof Constraint.OperationClass o) {
      for (SqlFacts.StatementFacts s : call.sql().statements()) {
        if (s.operationClass().ordinal() > o.value().ordinal()) {
          return "operation_class: a " + s.operationClass().wireName() + " statement exceeds " + o.value().wireName();
        }
      }
      return null;
    } else if (c instanceof Constraint.MaxRowsReturned m) {
      for (SqlFacts.StatementFacts s : call.sql().statements()) {
        if (s.returnsRows() && (s.rowLimit() == null || s.rowLimit() > m.value())) {
          return "max_rows_returned: a query needs a literal LIMIT of at most " + m.value();
        }
      }
      return null;
    } else if (c instanceof Constraint.RequireApprovalAbove) {
      return null;
    } else if (c instanceof Constraint.GovernedIntentRequired) {
      return call.intent() != null ? null : "governed_intent_required: the call carries no governed intent";
    } else if (c instanceof Constraint.ModelConstraint mc) {
      return model(mc, call.model());
    }
    return c.type() + ": this kernel cannot evaluate the constraint (fail closed)";
  }

  private static String pathPrefix(String prefix, CallView call) {
    Path want = Path.parse(prefix);
    if (want == null) {
      return "path_prefix: the prefix itself escapes its root";
    }
    int seen = 0;
    for (StringLeaves.Leaf leaf : call.leaves()) {
      if (!isPathKey(leaf.key()) && !looksLikePath(leaf.value())) {
        continue;
      }
      seen++;
      Path p = Path.parse(leaf.value());
      if (p == null || !p.startsWith(want)) {
        return "path_prefix: " + leaf.value() + " is not under " + prefix;
      }
    }
    return seen > 0 ? null : "path_prefix: the call names no path";
  }

  private static boolean isPathKey(String key) {
    if (key == null) {
      return false;
    }
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("path") || PATH_KEYS.contains(k);
  }

  private static boolean looksLikePath(String v) {
    return !v.contains("://") && (v.startsWith("/") || v.startsWith("./") || v.startsWith("../") || v.startsWith("~/") || v.contains("/") || v.contains("\\"));
  }

  /** A path as absolute-or-not plus its segments after {@code .}/{@code ..}; null when {@code ..} climbs above the start. */
  private record Path(boolean absolute, List<String> segments) {
    static Path parse(String s) {
      boolean absolute = s.startsWith("/") || s.startsWith("\\");
      List<String> segs = new ArrayList<>();
      for (String seg : s.split("[/\\\\]")) {
        if (seg.isEmpty() || seg.equals(".")) {
          continue;
        }
        if (seg.equals("..")) {
          if (segs.isEmpty()) {
            return null;
          }
          segs.remove(segs.size() - 1);
        } else {
          segs.add(seg);
        }
      }
      return new Path(absolute, segs);
    }

    boolean startsWith(Path prefix) {
      return absolute == prefix.absolute && segments.size() >= prefix.segments.size()
          && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }
  }

  private interface HostTest {
    boolean test(String host);
  }

  private static String hosts(CallView call, String type, HostTest test) {
    int seen = 0;
    for (StringLeaves.Leaf leaf : call.leaves()) {
      String host = null;
      if (leaf.value().contains("://")) {
        host = hostOf(leaf.value());
        if (host == null) {
          return type + ": cannot read the host of " + leaf.value();
        }
      } else if (leaf.key() != null && HOST_KEYS.contains(leaf.key().toLowerCase(Locale.ROOT))) {
        host = normalizeHost(leaf.value());
      }
      if (host == null) {
        continue;
      }
      seen++;
      if (!test.test(host)) {
        return type + ": host " + host + " is not allowed";
      }
    }
    return seen > 0 ? null : type + ": the call names no host";
  }

  private static String hostOf(String url) {
    try {
      URI u = new URI(url.trim());
      String h = u.getHost();
      if (h == null) {
        // Authorities java.net.URI will not read as server-based (underscores, odd ports): parse by hand.
        String a = u.getRawAuthority();
        if (a == null) {
          return null;
        }
        a = a.substring(a.lastIndexOf('@') + 1);
        int colon = a.startsWith("[") ? a.indexOf(']') + 1 : a.indexOf(':');
        h = colon > 0 ? a.substring(0, colon) : a;
      }
      return h.isEmpty() ? null : normalizeHost(h);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  static String normalizeHost(String h) {
    String s = h.trim().toLowerCase(Locale.ROOT);
    while (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String custom(JsonNode args, String key, String value) {
    int[] seen = {0};
    String bad = customWalk(args, key, value, seen);
    if (bad != null) {
      return bad;
    }
    return seen[0] > 0 ? null : "custom: the call has no \"" + key + "\" argument";
  }

  private static String customWalk(JsonNode n, String key, String value, int[] seen) {
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals(key)) {
          seen[0]++;
          if (!e.getValue().isTextual() || !e.getValue().textValue().equals(value)) {
            return "custom: \"" + key + "\" must be \"" + value + "\"";
          }
        }
        String bad = customWalk(e.getValue(), key, value, seen);
        if (bad != null) {
          return bad;
        }
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) {
        String bad = customWalk(c, key, value, seen);
        if (bad != null) {
          return bad;
        }
      }
    }
    return null;
  }

  /** Every value under one of {@code keys} (strings or lists of strings) must be in {@code allowed}; none present passes. */
  private static String listedValues(JsonNode args, Set<String> keys, List<String> allowed, String type, String what) {
    List<String> values = new ArrayList<>();
    String bad = collectListed(args, keys, values);
    if (bad != null) {
      return type + ": " + bad;
    }
    for (String v : values) {
      if (!allowed.contains(v)) {
        return type + ": " + what + " " + v + " is not allowed";
      }
    }
    return null;
  }

  private static String collectListed(JsonNode n, Set<String> keys, List<String> out) {
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (keys.contains(e.getKey().toLowerCase(Locale.ROOT))) {
          int before = out.size();
          if (!strings(e.getValue(), out) || out.size() == before) {
            return "argument \"" + e.getKey() + "\" must be a string or a non-empty list of strings";
          }
        } else {
          String bad = collectListed(e.getValue(), keys, out);
          if (bad != null) {
            return bad;
          }
        }
      }
    } else if (n.isArray()) {
      for (JsonNode c : n) {
        String bad = collectListed(c, keys, out);
        if (bad != null) {
          return bad;
        }
      }
    }
    return null;
  }

  private static boolean strings(JsonNode n, List<String> out) {
    if (n.isTextual()) {
      out.add(n.textValue());
      return true;
    }
    if (n.isArray()) {
      for (JsonNode c : n) {
        if (!c.isTextual()) {
          return false;
        }
        out.add(c.textValue());
      }
      return true;
    }
    return false;
  }

  private static String tables(SqlFacts sql, List<String> allowed) {
    for (String t : sql.tables()) {
      boolean ok = false;
      for (String a : allowed) {
        String entry = SqlFacts.normalize(a);
        ok |= entry.equals(t) || (entry.indexOf('.') < 0 && entry.equals(SqlFacts.lastPart(t)));
      }
      if (!ok) {
        return "table_allowlist: table " + t + " is not allowed";
      }
    }
    return null;
  }

  private static String columns(SqlFacts sql, List<String> denied) {
    if (sql.selectsStar()) {
      return "column_denylist: SELECT * may read a denied column";
    }
    for (String d : denied) {
      String col = SqlFacts.lastPart(SqlFacts.normalize(d));
      if (sql.columns().contains(col)) {
        return "column_denylist: column " + col + " is denied";
      }
    }
    return null;
  }

  private static String model(Constraint.ModelConstraint mc, ModelMetadata model) {
    boolean hasList = !mc.allowedModelIds().isEmpty();
    if (!hasList && mc.minSafetyTier() == null) {
      return null;
    }
    if (model == null) {
      return "model_constraint: the call reports no model";
    }
    if (hasList && !mc.allowedModelIds().contains(model.modelId())) {
      return "model_constraint: model " + model.modelId() + " is not allowed";
    }
    if (mc.minSafetyTier() != null && (model.safetyTier() == null || model.safetyTier().ordinal() < mc.minSafetyTier().ordinal())) {
      return "model_constraint: model safety tier is below " + mc.minSafetyTier().wireName();
    }
    return null;
  }

  /** Compiled once per distinct pattern (bounded); a pattern that does not compile fails its constraint. */
  private Pattern pattern(String regex) {
    Object p = patterns.get(regex);
    if (p == null) {
      try {
        p = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        p = "regex does not compile: " + e.getDescription();
      }
      if (patterns.size() < MAX_CACHED_PATTERNS) {
        patterns.putIfAbsent(regex, p);
      }
    }
    if (p instanceof Pattern pat) {
      return pat;
    }
    throw new IllegalArgumentException((String) p);
  }

  /** Glob over normalized (lower-case) hosts: {@code *} matches any run of characters, {@code .} is literal. */
  static final class Glob {
    private Glob() {}

    static boolean matches(String glob, String s) {
      int g = 0;
      int i = 0;
      int star = -1;
      int mark = 0;
      while (i < s.length()) {
        if (g < glob.length() && glob.charAt(g) == '*') {
          star = g++;
          mark = i;
        } else if (g < glob.length() && glob.charAt(g) == s.charAt(i)) {
          g++;
          i++;
        } else if (star >= 0) {
          g = star + 1;
          i = ++mark;
        } else {
          return false;
        }
      }
      while (g < glob.length() && glob.charAt(g) == '*') {
        g++;
      }
      return g == glob.length();
    }
  }
}
