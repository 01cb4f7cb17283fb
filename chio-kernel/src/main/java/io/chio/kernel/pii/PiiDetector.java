package io.chio.kernel.pii;

import io.chio.kernel.guards.content.SecretScanner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * The {@code pii} detector: finds personal data and secrets in text and reports each as a
 * {@link PiiMatch} (type, span, confidence, validator). Immutable and thread-safe; build one per
 * policy and reuse it.
 *
 * <p>Scanning is linear in the text: value rules are anchored ({@code lookingAt}) only at token
 * starts and only when the first character can begin that value (a literal prefilter per rule);
 * every pattern uses bounded quantifiers; context rules look for their value in a bounded window
 * after a keyword; context look-ups read a bounded window. Overlapping candidates are resolved by
 * confidence, then length, so a checksum-valid NHS number is not also reported as a phone.
 *
 * <p>Selection: {@code types} (default all non-industry types), {@code regions} (e.g. {@code us},
 * {@code uk}, {@code in}; default all; {@code global} types are always kept), {@code industries}
 * ({@code healthcare} adds MRN and ICD-10, {@code finance} adds account and ABA routing numbers),
 * {@code minConfidence} (default 0.5) and {@code phoneRegions} for national-format phones.
 */
public final class PiiDetector {
  /** The region codes {@link Builder#regions} accepts. */
  public static final Set<String> REGIONS = Set.of("global", "us", "uk", "eu", "ca", "in", "br", "ae", "sa", "ng", "au", "jp", "cn", "kr");
  /** The industries {@link Builder#industries} accepts. */
  public static final Set<String> INDUSTRIES = Set.of("healthcare", "finance");

  private static final double DEFAULT_MIN_CONFIDENCE = 0.5;
  private static final List<String> DEFAULT_PHONE_REGIONS = List.of("US", "GB", "DE", "FR", "IN", "AU", "BR", "JP", "CA", "ES", "IT", "NL");
  private static final PiiDetector ALL = builder().build();

  private final Set<PiiType> types;
  private final double minConfidence;
  private final boolean secrets;
  private final boolean emails;
  /** Rules by first ASCII character. */
  private final int[][] byFirstChar;
  /** For digits: rules by first character and digit-run length (capped at {@link #MAX_RUN}), keeping only shapes that can hold. */
  private final int[][][] byDigitRun;
  private static final int MAX_RUN = 27;
  private static final String PROBE_SEPARATORS = " -./:()+,;xX\t";
  private final Rule[] rules;
  private final KeywordRule[] keywordRules;
  /** Matchers are costly to allocate; each thread keeps one per rule and resets it per scan. */
  private final ThreadLocal<Matcher[]> cachedMatchers;

  private PiiDetector(Set<PiiType> types, double minConfidence, List<String> phoneRegions) {
    this.types = Set.copyOf(types);
    this.minConfidence = minConfidence;
    this.secrets = types.contains(PiiType.SECRET);
    this.emails = types.contains(PiiType.EMAIL);
    List<Rule> selected = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    List<Rule> catalog = Rules.valueRules(phoneRegions);
    for (int p = 0; p < catalog.size(); p++) {
      if (types.contains(catalog.get(p).type())) {
        selected.add(catalog.get(p));
        positions.add(p);
      }
    }
    this.rules = selected.toArray(new Rule[0]);
    List<List<Integer>> index = new ArrayList<>();
    for (int c = 0; c < 128; c++) {
      index.add(new ArrayList<>());
    }
    for (int k = 0; k < rules.length; k++) {
      for (char c : rules[k].starts().toCharArray()) {
        index.get(c).add(k);
      }
    }
    this.byFirstChar = new int[128][];
    for (int c = 0; c < 128; c++) {
      byFirstChar[c] = index.get(c).stream().mapToInt(Integer::intValue).toArray();
    }
    this.byDigitRun = new int[10][MAX_RUN + 1][];
    for (char d = '0'; d <= '9'; d++) {
      for (int run = 1; run <= MAX_RUN; run++) {
        List<Integer> keep = new ArrayList<>();
        for (int k : byFirstChar[d]) {
          if (ShapeTable.canHold(positions.get(k), d, run)) {
            keep.add(k);
          }
        }
        byDigitRun[d - '0'][run] = keep.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    List<KeywordRule> kw = new ArrayList<>();
    for (KeywordRule r : Rules.keywordRules()) {
      if (types.contains(r.type())) {
        kw.add(r);
      }
    }
    this.keywordRules = kw.toArray(new KeywordRule[0]);
    Rule[] rs = rules;
    this.cachedMatchers = ThreadLocal.withInitial(() -> {
      Matcher[] m = new Matcher[rs.length];
      for (int k = 0; k < rs.length; k++) {
        m[k] = rs[k].pattern().matcher("").useTransparentBounds(true).useAnchoringBounds(false);
      }
      return m;
    });
  }

  /** Every non-industry type, all regions. */
  public static PiiDetector defaults() {
    return ALL;
  }

  /** Exactly these types (no region or industry filtering). */
  public static PiiDetector of(Collection<PiiType> types) {
    Objects.requireNonNull(types, "types");
    return builder().types(types).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Set<PiiType> types() {
    return types;
  }

  /** Loads phone metadata and compiles lazily built state, for serverless cold starts. */
  public PiiDetector warmUp() {
    Phones.warmUp();
    scan("warm up +1 212 555 0187 jane@example.com 219-09-9999");
    return this;
  }

  /** All findings at or above the confidence threshold, non-overlapping, by position. */
  public List<PiiMatch> scan(CharSequence text) {
    Objects.requireNonNull(text, "text");
    String s = text.toString();
    if (s.isEmpty() || types.isEmpty()) {
      return List.of();
    }
    List<PiiMatch> candidates = new ArrayList<>();
    ScanContext ctx = new ScanContext(s, minConfidence);
    if (secrets) {
      for (SecretScanner.Finding f : SecretScanner.defaults().scan(s)) {
        double conf = f.severity() == SecretScanner.Severity.CRITICAL ? 0.99 : 0.9;
        candidates.add(new PiiMatch(PiiType.SECRET, f.type(), f.start(), f.end(), conf, "secret-leak"));
      }
    }
    if (emails && s.indexOf('@') >= 0) {
      Emails.scan(s, candidates);
    }
    scanValues(ctx, candidates);
    if (keywordRules.length > 0) {
      scanKeywords(ctx, candidates);
    }
    return resolve(candidates);
  }

  private void scanValues(ScanContext ctx, List<PiiMatch> out) {
    String s = ctx.text;
    int n = s.length();
    Matcher[] matchers = cachedMatchers.get();
    boolean[] bound = new boolean[rules.length];
    char prev = ' ';
    char prev2 = ' ';
    try {
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        boolean start = c < 128 && !isAlnum(prev) && !(prev == '+' && c != '+') && !((prev == '-' || prev == '.') && isDigit(prev2) && isDigit(c));
        if (start && byFirstChar[c].length > 0) {
          int run = 0;
          while (i + run < n && isDigit(s.charAt(i + run))) {
            run++;
          }
          int[] candidates = run == 0 ? byFirstChar[c] : byDigitRun[c - '0'][Math.min(run, MAX_RUN)];
          for (int k : candidates) {
            Rule r = rules[k];
            if (!r.shape().plausible(s, i, run)) {
              continue;
            }
            Matcher m = matchers[k];
            if (!bound[k]) {
              m.reset(s);
              bound[k] = true;
            }
            if (m.region(i, n).lookingAt()) {
              PiiMatch f = r.check().accept(m, ctx);
              if (f != null && f.confidence() >= minConfidence && !partOfLongerGroupedNumber(s, f)
                  && !(Rules.DISAMBIGUATED.contains(f.type()) && ctx.foreignContext(f.type(), f.start(), Rules.CONTEXT_KEYWORDS))) {
                out.add(f);
              }
            }
          }
          // the rest of a digit run cannot start a token
          if (run > 1) {
            prev2 = s.charAt(i + run - 2);
            prev = s.charAt(i + run - 1);
            i += run - 1;
            continue;
          }
        }
        prev2 = prev;
        prev = c;
      }
    } finally {
      for (int k = 0; k < bound.length; k++) {
        if (bound[k]) {
          matchers[k].reset(""); // do not keep the scanned text reachable from the thread
        }
      }
    }
  }

  private void scanKeywords(ScanContext ctx, List<PiiMatch> out) {
    String lower = ctx.lower();
    int n = lower.length();
    for (KeywordRule r : keywordRules) {
      Matcher m = null;
      for (String kw : r.keywords()) {
        for (int at = lower.indexOf(kw); at >= 0; at = lower.indexOf(kw, at + 1)) {
          int from = at + kw.length();
          if (!ScanContext.isWord(lower, at, from)) {
            continue;
          }
          if (m == null) {
            m = r.pattern().matcher(ctx.text).useTransparentBounds(true).useAnchoringBounds(false);
          }
          m.region(from, Math.min(n, from + r.window()));
          if (m.find()) {
            PiiMatch f = r.check().accept(m, ctx);
            if (f != null && f.confidence() >= minConfidence) {
              out.add(f); // overlapping hits from several keywords are settled by resolve()
            }
          }
        }
      }
    }
  }

  /** Highest confidence first, then longest; a candidate overlapping a kept one is dropped. */
  private static List<PiiMatch> resolve(List<PiiMatch> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    candidates.sort(Comparator.comparingDouble(PiiMatch::confidence).reversed()
        .thenComparing(Comparator.comparingInt(PiiMatch::length).reversed())
        .thenComparingInt(PiiMatch::start)
        .thenComparingInt(f -> f.type().ordinal()));
    TreeMap<Integer, PiiMatch> kept = new TreeMap<>();
    for (PiiMatch f : candidates) {
      Map.Entry<Integer, PiiMatch> before = kept.floorEntry(f.start());
      if (before != null && before.getValue().end() > f.start()) {
        continue;
      }
      Map.Entry<Integer, PiiMatch> after = kept.ceilingEntry(f.start());
      if (after != null && after.getKey() < f.end()) {
        continue;
      }
      kept.put(f.start(), f);
    }
    return List.copyOf(kept.values());
  }

  /**
   * A space-grouped value with another digit group right before or after it is a slice of a
   * longer number ("5197 3961 3418 5474" holds no 12-digit My Number).
   */
  private static boolean partOfLongerGroupedNumber(String s, PiiMatch f) {
    if (f.type() == PiiType.STREET_ADDRESS || !hasSpace(s, f.start(), f.end())) {
      return false;
    }
    boolean before = f.start() >= 2 && s.charAt(f.start() - 1) == ' ' && isDigit(s.charAt(f.start() - 2));
    boolean after = f.end() + 1 < s.length() && s.charAt(f.end()) == ' ' && isDigit(s.charAt(f.end() + 1));
    return before || after;
  }

  private static boolean hasSpace(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ' ') {
        return true;
      }
    }
    return false;
  }

  private static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 128 && Character.isLetterOrDigit(c));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  @Override
  public String toString() {
    TreeSet<String> names = new TreeSet<>();
    types.forEach(t -> names.add(t.configName()));
    return "PiiDetector{types=" + names + ", min_confidence=" + minConfidence + "}";
  }

  /** Selection of types, regions and industries. */
  public static final class Builder {
    private Set<PiiType> types;
    private Set<String> regions;
    private Set<String> industries = Set.of();
    private double minConfidence = DEFAULT_MIN_CONFIDENCE;
    private List<String> phoneRegions = DEFAULT_PHONE_REGIONS;

    private Builder() {}

    /** Exactly these types; industry types listed here are kept without naming the industry. */
    public Builder types(Collection<PiiType> types) {
      Objects.requireNonNull(types, "types");
      this.types = types.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(types);
      return this;
    }

    /** Keeps only {@code global} types and those of these regions. */
    public Builder regions(Collection<String> regions) {
      Objects.requireNonNull(regions, "regions");
      Set<String> r = new TreeSet<>();
      for (String code : regions) {
        String c = code.strip().toLowerCase(Locale.ROOT);
        if (!REGIONS.contains(c)) {
          throw new IllegalArgumentException("unknown region \"" + code + "\" (known: " + new TreeSet<>(REGIONS) + ")");
        }
        r.add(c);
      }
      this.regions = r;
      return this;
    }

    /** Adds the types of these industries ({@code healthcare}, {@code finance}). */
    public Builder industries(Collection<String> industries) {
      Objects.requireNonNull(industries, "industries");
      Set<String> r = new TreeSet<>();
      for (String i : industries) {
        String c = i.strip().toLowerCase(Locale.ROOT);
        if (!INDUSTRIES.contains(c)) {
          throw new IllegalArgumentException("unknown industry \"" + i + "\" (known: finance, healthcare)");
        }
        r.add(c);
      }
      this.industries = r;
      return this;
    }

    public Builder minConfidence(double minConfidence) {
      if (!(minConfidence > 0 && minConfidence <= 1)) {
        throw new IllegalArgumentException("min_confidence must be in (0, 1], got " + minConfidence);
      }
      this.minConfidence = minConfidence;
      return this;
    }

    /** ISO 3166 alpha-2 regions tried for phone numbers written without a country code. */
    public Builder phoneRegions(List<String> phoneRegions) {
      Objects.requireNonNull(phoneRegions, "phoneRegions");
      if (phoneRegions.isEmpty()) {
        throw new IllegalArgumentException("phone_regions must not be empty");
      }
      List<String> upper = new ArrayList<>();
      for (String r : phoneRegions) {
        String u = r.strip().toUpperCase(Locale.ROOT);
        if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(u)) {
          throw new IllegalArgumentException("unknown phone region \"" + r + "\" (use ISO 3166 alpha-2, e.g. US, GB)");
        }
        upper.add(u);
      }
      this.phoneRegions = List.copyOf(upper);
      return this;
    }

    public PiiDetector build() {
      Set<PiiType> selected = EnumSet.noneOf(PiiType.class);
      for (PiiType t : PiiType.values()) {
        boolean wanted = types != null ? types.contains(t) : (t.industry() == null || industries.contains(t.industry()));
        if (types != null && t.industry() != null && industries.contains(t.industry())) {
          wanted = true;
        }
        boolean inRegion = regions == null || t.region().equals("global") || regions.contains(t.region());
        if (wanted && inRegion) {
          selected.add(t);
        }
      }
      return new PiiDetector(selected, minConfidence, phoneRegions);
    }
  }
}
