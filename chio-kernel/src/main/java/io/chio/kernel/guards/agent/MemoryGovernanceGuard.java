package io.chio.kernel.guards.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chio.kernel.action.Arguments;
import io.chio.kernel.action.MalformedArgumentException;
import io.chio.kernel.action.ToolAction;
import io.chio.kernel.action.ToolAction.MemoryOp;
import io.chio.kernel.guard.Guard;
import io.chio.kernel.guard.GuardConfigException;
import io.chio.kernel.guard.GuardContext;
import io.chio.kernel.guard.GuardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code memory-governance}: controls on agent memory and vector stores ({@code
 * ToolAction.MemoryAccess}).
 *
 * <p>Every memory call (read, write, delete) must name a store on {@code store_allowlist} when that
 * list is non-empty; store names are compared exactly as sent (no case folding or normalisation,
 * since a look-alike name is a different store), {@code *} matches within one {@code /} segment and
 * {@code **} across segments, and names with {@code ..} or control characters are denied. A write
 * (write op, or any memory call carrying {@code content}/{@code text}/{@code document}, or an {@code
 * action}/{@code operation}/{@code op}/{@code mode} argument that says add/store/save/upsert/
 * insert/update/write/remember/append/create/put/set) is further denied when: its strings total more than {@code max_content_bytes}
 * UTF-8 bytes; any string argument contains a credential ({@code block_secrets}: provider tokens,
 * private keys, {@code password: ...} assignments; evidence masked); any string argument matches a
 * {@code write_deny_patterns} regex (default: instructions planted for later sessions such as
 * "ignore previous instructions", chat-template role tokens, and "always/from now on/in future
 * sessions" directives to bypass checks, exfiltrate secrets or data, trust instructions from
 * documents or web pages, act without confirmation, or reveal secrets; matched case-insensitively on
 * NFKC-folded text with zero-width characters removed); or, when {@code max_retention_days} is
 * set, it does not declare a retention within it ({@code retention_days}/{@code ttl_days} in days;
 * {@code ttl}/{@code ttl_secs}/{@code ttl_seconds}/{@code retention_ttl}/{@code
 * retention_ttl_secs}/{@code retention_seconds}/{@code expires_in}/{@code expires_in_secs} in
 * seconds; {@code expires_at} in epoch seconds; a TTL of 0 means "never expires" and is denied).
 *
 * <p>Config, defaults in brackets: {@code enabled} [true], {@code store_allowlist} [empty: any
 * store], {@code write_deny_patterns} [built-in list; a given list replaces it], {@code
 * block_secrets} [true], {@code max_content_bytes} [65536], {@code max_retention_days} [no limit].
 */
final class MemoryGovernanceGuard implements Guard {
  static final String NAME = "memory-governance";

  private static final String PERSIST = "\\b(?:always|from now on|from this point (?:on|forward)|henceforth|hereafter|going forward"
      + "|in (?:all )?future(?: sessions?| conversations?| chats?| tasks?| interactions?| runs?)?|for all future|every time|whenever"
      + "|permanently|at all times)\\b[^.\\n]{0,80}";

  private static final String[] PERSIST_NEEDLES = {"always", "from now on", "from this point", "henceforth", "hereafter", "going forward",
    "future", "every time", "whenever", "permanently", "at all times"};
  /** Literal prefilters for the defaults, index-aligned: every group needs one needle in the text. */
  private static final List<List<String[]>> DEFAULT_NEEDLES = List.of(
      List.<String[]>of(new String[] {"ignore", "disregard", "forget", "override"}),
      List.<String[]>of(new String[] {"im_", "endoftext", "system", "inst]", "assistant", "developer", "you are now"}),
      List.of(PERSIST_NEEDLES, new String[] {"ignore", "bypass", "disable", "skip", "override", "circumvent", "turn off", "evade", "get around"}),
      List.of(PERSIST_NEEDLES, new String[] {"send", "forward", "upload", "post", "mail", "exfiltrate", "copy", "leak", "share", "transmit", "cc"}),
      List.of(PERSIST_NEEDLES, new String[] {"send", "forward", "upload", "post", "mail", "exfiltrate", "copy", "leak", "transmit"}),
      List.of(PERSIST_NEEDLES, new String[] {"trust", "obey", "follow", "execute", "run", "comply", "carry out"}),
      List.of(PERSIST_NEEDLES, new String[] {"without", "never", "don't", "dont", "do not", "no need to", "skip"}),
      List.of(PERSIST_NEEDLES, new String[] {"reveal", "print", "output", "disclose", "show", "display", "leak", "echo"}));

  private static final List<String> DEFAULT_PATTERN_NAMES = List.of("instruction-override", "role-injection", "persistent-policy-bypass",
      "persistent-exfiltration", "persistent-exfiltration", "persistent-blind-trust", "persistent-no-confirmation",
      "persistent-secret-disclosure");
  static final List<String> DEFAULT_WRITE_DENY_PATTERNS = List.of(
      "\\b(?:ignore|disregard|forget|override)\\b[^.\\n]{0,30}\\b(?:previous|prior|earlier|above|preceding|all|any|your|system)\\b[^.\\n]{0,30}"
          + "\\b(?:instructions?|rules|guidelines|prompts?|polic(?:y|ies)|directives?|guardrails?)\\b",
      "<\\|?(?:im_start|im_end|system|endoftext)\\|?>|\\[/?(?:system|inst)\\]|(?:^|\\n)\\s*(?:system|assistant|developer)\\s*:\\s*"
          + "(?:you|ignore|from now on|always|new instructions)|\\byou are now (?:dan|jailbroken|unrestricted|unfiltered|in developer mode|free from)",
      PERSIST + "\\b(?:ignore|bypass|disable|skip|override|circumvent|turn off|evade|get around)\\b[^.\\n]{0,60}"
          + "\\b(?:guard|polic|safety|security|restriction|rule|instruction|approval|confirmation|check|filter|monitor|review|limit|sandbox)",
      PERSIST + "\\b(?:send|forward|upload|post|e-?mail|exfiltrate|copy|leak|share|transmit|b?cc)\\b[^.\\n]{0,60}"
          + "\\b(?:passwords?|secrets?|credentials?|api[ _-]?keys?|tokens?|private keys?|ssh keys?|env(?:ironment)? (?:vars|variables)"
          + "|\\.env|cookies?|chat history|conversation history|all (?:files|data|messages|emails|documents))\\b",
      PERSIST + "\\b(?:send|forward|upload|post|e-?mail|exfiltrate|copy|leak|transmit)\\b[^.\\n]{0,120}"
          + "(?:webhook|pastebin|ngrok|requestbin|pipedream|burpcollaborator|interact\\.sh|oast\\.)",
      PERSIST + "\\b(?:trust|obey|follow|execute|run|comply with|carry out)\\b[^.\\n]{0,60}\\b(?:instructions?|commands?|requests?|orders?"
          + "|directives?)\\b[^.\\n]{0,40}\\b(?:from|sent by|given by|found in|embedded in|contained in|in (?:e-?mails?|web ?pages?|websites?"
          + "|documents?|files|tool (?:output|results?)|issues?|comments?))\\b(?!\\s+(?:the |my )?(?:user|me|operator|admin)\\b)",
      PERSIST + "\\b(?:without|never|don'?t|do not|no need to|skip)\\b[^.\\n]{0,20}\\b(?:ask(?:ing)? (?:for )?(?:confirmation|approval|permission)"
          + "|confirm(?:ation|ing)?|approv(?:al|e|ing)|permission|verif(?:y|ication|ying)|human review)\\b",
      PERSIST + "\\b(?:reveal|print|output|disclose|show|display|leak|echo)\\b[^.\\n]{0,60}\\b(?:passwords?|secrets?|api[ _-]?keys?"
          + "|credentials?|private keys?|system prompt|ssh keys?|access tokens?)\\b");

  private static final Set<String> KEYS = Set.of("enabled", "store_allowlist", "write_deny_patterns", "block_secrets", "max_content_bytes",
      "max_retention_days");
  private static final String[] DAY_KEYS = {"retention_days", "ttl_days"};
  private static final String[] SECOND_KEYS = {"ttl", "ttl_secs", "ttl_seconds", "retention_ttl", "retention_ttl_secs", "retention_seconds",
    "expires_in", "expires_in_secs"};
  private static final String[] WRITE_WORDS = {"add", "store", "save", "upsert", "insert", "update", "write", "remember", "append", "create",
    "put", "set"};

  private static final GuardResult DISABLED = GuardResult.allow("disabled");
  private static final GuardResult NOT_MEMORY = GuardResult.allow("not a memory call");

  private final boolean enabled;
  private final List<Pattern> storeAllowlist;
  private final List<String> storeAllowlistSpellings;
  private final List<PatternRule> denyPatterns;
  private final boolean blockSecrets;
  private final long maxContentBytes;
  private final Long maxRetentionDays;

  private MemoryGovernanceGuard(boolean enabled, List<Pattern> storeAllowlist, List<String> storeAllowlistSpellings, List<PatternRule> denyPatterns,
      boolean blockSecrets, long maxContentBytes, Long maxRetentionDays) {
    this.enabled = enabled;
    this.storeAllowlist = storeAllowlist;
    this.storeAllowlistSpellings = storeAllowlistSpellings;
    this.denyPatterns = denyPatterns;
    this.blockSecrets = blockSecrets;
    this.maxContentBytes = maxContentBytes;
    this.maxRetentionDays = maxRetentionDays;
  }

  static MemoryGovernanceGuard create(JsonNode config) throws GuardConfigException {
    ConfigReader r = ConfigReader.of(NAME, config, KEYS);
    List<String> stores = r.strings("store_allowlist", List.of());
    List<Pattern> storeGlobs = new ArrayList<>();
    for (int i = 0; i < stores.size(); i++) {
      if (stores.get(i).isEmpty()) {
        throw r.error("store_allowlist[" + i + "]", "must not be empty");
      }
      storeGlobs.add(glob(stores.get(i)));
    }
    boolean custom = r.has("write_deny_patterns");
    List<String> sources = r.strings("write_deny_patterns", DEFAULT_WRITE_DENY_PATTERNS);
    List<Pattern> compiled = r.patterns("write_deny_patterns", sources, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    List<PatternRule> rules = new ArrayList<>();
    for (int i = 0; i < compiled.size(); i++) {
      rules.add(custom ? PatternRule.custom("write_deny_patterns[" + i + "]", compiled.get(i))
          : new PatternRule(DEFAULT_PATTERN_NAMES.get(i), compiled.get(i), DEFAULT_NEEDLES.get(i)));
    }
    return new MemoryGovernanceGuard(r.bool("enabled", true), List.copyOf(storeGlobs), stores, List.copyOf(rules),
        r.bool("block_secrets", true), r.positive("max_content_bytes", 65_536, Long.MAX_VALUE), r.optPositive("max_retention_days", 1_000_000));
  }

  /** {@code *} within a segment, {@code **} across segments, everything else literal. */
  private static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    int lit = 0;
    for (int i = 0; i < g.length(); i++) {
      if (g.charAt(i) == '*') {
        if (lit < i) {
          re.append(Pattern.quote(g.substring(lit, i)));
        }
        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
        lit = i + 1;
      }
    }
    if (lit < g.length()) {
      re.append(Pattern.quote(g.substring(lit)));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GuardResult evaluate(GuardContext context) {
    if (!enabled) {
      return DISABLED;
    }
    if (!(context.action() instanceof ToolAction.MemoryAccess mem)) {
      return NOT_MEMORY;
    }
    JsonNode args = context.call().arguments();
    try {
      GuardResult store = checkStore(mem.store());
      if (store != null) {
        return store;
      }
      if (!isWrite(mem, args)) {
        return GuardResult.allow("memory " + mem.op().name().toLowerCase(java.util.Locale.ROOT) + " allowed");
      }
      List<String> strings = Arguments.allStrings(args);
      long bytes = 0;
      for (String s : strings) {
        bytes += Text.utf8Length(s);
      }
      if (bytes > maxContentBytes) {
        return GuardResult.deny("memory write of " + bytes + " bytes exceeds max_content_bytes " + maxContentBytes);
      }
      for (String s : strings) {
        if (blockSecrets) {
          SecretScanner.Finding f = SecretScanner.find(s, true);
          if (f != null) {
            return GuardResult.deny("memory write contains a secret (" + f.kind() + ")",
                "memory write contains a secret (" + f.kind() + "): " + f.masked());
          }
        }
        if (!denyPatterns.isEmpty()) {
          String folded = Text.fold(s);
          for (PatternRule rule : denyPatterns) {
            if (rule.find(folded)) {
              return GuardResult.deny("memory write matches deny pattern \"" + rule.name() + "\"");
            }
          }
        }
      }
      if (maxRetentionDays != null) {
        GuardResult retention = checkRetention(args, context.nowMillis());
        if (retention != null) {
          return retention;
        }
      }
      return GuardResult.allow("memory write allowed (" + bytes + " bytes)");
    } catch (MalformedArgumentException e) {
      return GuardResult.deny(e.getMessage());
    }
  }

  private GuardResult checkStore(String store) {
    if (storeAllowlist.isEmpty()) {
      return null;
    }
    if (store == null || store.isEmpty()) {
      return GuardResult.deny("memory call must name a store (store_allowlist is set)");
    }
    if (store.contains("..") || store.chars().anyMatch(Character::isISOControl)) {
      return GuardResult.deny("memory store name " + Text.quote(store) + " is not allowed");
    }
    for (Pattern p : storeAllowlist) {
      if (p.matcher(store).matches()) {
        return null;
      }
    }
    return GuardResult.deny("memory store " + Text.quote(store) + " is not on the store allowlist",
        "memory store " + Text.quote(store) + " is not on the store allowlist " + storeAllowlistSpellings);
  }

  private static boolean isWrite(ToolAction.MemoryAccess mem, JsonNode args) throws MalformedArgumentException {
    if (mem.op() == MemoryOp.WRITE || mem.content() != null) {
      return true;
    }
    if (mem.op() == MemoryOp.DELETE) {
      return false;
    }
    String op = Arguments.string(args, "action", "operation", "op", "mode");
    if (op == null) {
      return false;
    }
    String v = Text.verb(op);
    for (String w : WRITE_WORDS) {
      if (v.contains(w)) {
        return true;
      }
    }
    return false;
  }

  private GuardResult checkRetention(JsonNode args, long nowMillis) throws MalformedArgumentException {
    long maxSeconds = maxRetentionDays * 86_400;
    long requested = -1;
    boolean forever = false;
    for (String k : DAY_KEYS) {
      Long d = Args.nonNegative(args, k);
      if (d != null) {
        forever |= d == 0;
        requested = Math.max(requested, d > Long.MAX_VALUE / 86_400 ? Long.MAX_VALUE : d * 86_400);
      }
    }
    for (String k : SECOND_KEYS) {
      Long s = Args.nonNegative(args, k);
      if (s != null) {
        forever |= s == 0;
        requested = Math.max(requested, s);
      }
    }
    Long expiresAt = Args.nonNegative(args, "expires_at");
    if (expiresAt != null) {
      requested = Math.max(requested, Math.max(0, expiresAt - nowMillis / 1000));
    }
    if (forever) {
      return GuardResult.deny("memory write asks for no expiry (TTL 0); max retention is " + maxRetentionDays + " days");
    }
    if (requested < 0) {
      return GuardResult.deny("memory write must declare a retention (retention_days or ttl); max " + maxRetentionDays + " days");
    }
    if (requested > maxSeconds) {
      return GuardResult.deny("memory retention of " + describe(requested) + " exceeds max_retention_days " + maxRetentionDays);
    }
    return null;
  }

  private static String describe(long seconds) {
    return seconds % 86_400 == 0 ? seconds / 86_400 + " days" : seconds + " seconds";
  }
}
