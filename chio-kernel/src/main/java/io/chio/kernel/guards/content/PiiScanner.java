package io.chio.kernel.guards.content;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, pattern-based PII detector: email addresses, US Social Security numbers (dashed form,
 * with the SSA area/group/serial rules), payment card numbers (known issuer prefix and length,
 * Luhn-valid), phone numbers (E.164 {@code +...} or separated NANP forms) and, opt-in, IPv4
 * addresses. Immutable and thread-safe.
 *
 * <p>The interface is deliberately narrow — {@link #scan} returns typed spans — so a richer
 * engine can replace this class without touching its callers.
 *
 * <p>Chosen to keep false positives low: bare 9- or 10-digit numbers are neither SSNs nor phone
 * numbers; {@code icon@2x.png}, {@code git@github.com:org/repo} and {@code ssh://git@host} are
 * not emails; a 16-digit id is a card only if it has an issuer prefix and passes Luhn.
 */
public final class PiiScanner {
  /** PII kinds; {@link #configName()} is the spelling used in guard configs. */
  public enum Type {
    EMAIL("email"),
    SSN("ssn"),
    CREDIT_CARD("credit_card"),
    PHONE("phone"),
    IPV4("ipv4");

    private final String configName;

    Type(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    /** Parses a config name ({@code email}, {@code ssn}, {@code credit_card}, {@code phone}, {@code ipv4}). */
    public static Type parse(String name) {
      for (Type t : values()) {
        if (t.configName.equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown PII type \"" + name + "\" (known: email, ssn, credit_card, phone, ipv4)");
    }
  }

  /** One PII span {@code [start, end)} in the scanned text. */
  public record Finding(Type type, int start, int end) {
    public Finding {
      Objects.requireNonNull(type, "type");
    }
  }

  private static final Pattern SSN = Pattern.compile("(?<![0-9-])([0-9]{3})-([0-9]{2})-([0-9]{4})(?![0-9-])");
  private static final Pattern CARD = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");
  private static final Pattern PHONE_E164 = Pattern.compile("(?<![\\w+])\\+[1-9](?:[ .-]?[0-9]){7,14}(?![0-9])");
  private static final Pattern PHONE_NANP = Pattern.compile(
      "(?<![\\w+.-])(?:\\([2-9][0-9]{2}\\) ?|[2-9][0-9]{2}[-. ])[2-9][0-9]{2}[-. ][0-9]{4}(?![0-9]|[.-][0-9])");
  private static final Pattern IPV4 = Pattern.compile(
      "(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9])(?!\\.[0-9])");
  /** Two-label "domains" ending in these are file names like {@code icon@2x.png}. */
  private static final Set<String> FILE_EXTENSIONS = Set.of(
      "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "js", "mjs", "cjs", "ts", "tsx", "jsx", "css", "scss",
      "json", "yaml", "yml", "md", "txt", "html", "htm", "xml", "java", "py", "rb", "go", "rs", "lock", "zip", "gz", "tar",
      "pdf", "csv", "toml", "ini", "cfg", "log", "sh", "kt", "swift", "php", "c", "h", "cpp", "hpp");

  private static final Set<Type> DEFAULT_TYPES = Collections.unmodifiableSet(EnumSet.of(Type.EMAIL, Type.SSN, Type.CREDIT_CARD, Type.PHONE));
  private static final PiiScanner DEFAULTS = new PiiScanner(DEFAULT_TYPES);

  private final Set<Type> types;

  private PiiScanner(Set<Type> types) {
    this.types = Collections.unmodifiableSet(EnumSet.copyOf(types));
  }

  /** Email, SSN, payment card and phone (IPv4 is opt-in: too common in ordinary tool output). */
  public static PiiScanner defaults() {
    return DEFAULTS;
  }

  public static PiiScanner of(Set<Type> types) {
    Objects.requireNonNull(types, "types");
    if (types.isEmpty()) {
      return new PiiScanner(EnumSet.noneOf(Type.class));
    }
    return types.equals(DEFAULT_TYPES) ? DEFAULTS : new PiiScanner(EnumSet.copyOf(types));
  }

  public Set<Type> types() {
    return types;
  }

  /** Every PII span of the enabled types, non-overlapping, by position. */
  public List<Finding> scan(CharSequence text) {
    Objects.requireNonNull(text, "text");
    String s = text.toString();
    if (s.isEmpty() || types.isEmpty()) {
      return List.of();
    }
    TreeMap<Integer, Finding> kept = new TreeMap<>();
    if (types.contains(Type.EMAIL) && s.indexOf('@') >= 0) {
      scanEmails(s, kept);
    }
    boolean ssn = types.contains(Type.SSN);
    boolean card = types.contains(Type.CREDIT_CARD);
    boolean phone = types.contains(Type.PHONE);
    boolean ipv4 = types.contains(Type.IPV4);
    if (ssn || card || phone || ipv4) {
      scanNumbers(s, ssn, card, phone, ipv4, kept);
    }
    List<Finding> out = new ArrayList<>(kept.values());
    out.sort(Comparator.comparingInt(Finding::start));
    return List.copyOf(out);
  }

  /**
   * Numeric PII can only start at the first digit of a digit run, at {@code (} or at {@code +}; the
   * patterns are tried at those offsets only, so text without numbers costs a single pass.
   */
  private static void scanNumbers(String s, boolean ssn, boolean card, boolean phone, boolean ipv4, TreeMap<Integer, Finding> kept) {
    int n = s.length();
    Matcher mSsn = null;
    Matcher mCard = null;
    Matcher mNanp = null;
    Matcher mE164 = null;
    Matcher mIp = null;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (i > 0 && isAsciiDigit(s.charAt(i - 1))) {
          continue;
        }
        if (ssn) {
          mSsn = mSsn == null ? bounded(SSN, s) : mSsn;
          if (mSsn.region(i, n).lookingAt() && validSsn(mSsn.group(1), mSsn.group(2), mSsn.group(3))) {
            keep(kept, new Finding(Type.SSN, i, mSsn.end()));
          }
        }
        if (card) {
          mCard = mCard == null ? bounded(CARD, s) : mCard;
          if (mCard.region(i, n).lookingAt() && validCard(s.subSequence(i, mCard.end()))) {
            keep(kept, new Finding(Type.CREDIT_CARD, i, mCard.end()));
          }
        }
        if (phone) {
          mNanp = mNanp == null ? bounded(PHONE_NANP, s) : mNanp;
          if (mNanp.region(i, n).lookingAt()) {
            keep(kept, new Finding(Type.PHONE, i, mNanp.end()));
          }
        }
        if (ipv4) {
          mIp = mIp == null ? bounded(IPV4, s) : mIp;
          if (mIp.region(i, n).lookingAt()) {
            keep(kept, new Finding(Type.IPV4, i, mIp.end()));
          }
        }
      } else if (c == '(' && phone) {
        mNanp = mNanp == null ? bounded(PHONE_NANP, s) : mNanp;
        if (mNanp.region(i, n).lookingAt()) {
          keep(kept, new Finding(Type.PHONE, i, mNanp.end()));
        }
      } else if (c == '+' && phone) {
        mE164 = mE164 == null ? bounded(PHONE_E164, s) : mE164;
        if (mE164.region(i, n).lookingAt()) {
          int digits = countDigits(mE164.group());
          if (digits >= 8 && digits <= 15) {
            keep(kept, new Finding(Type.PHONE, i, mE164.end()));
          }
        }
      }
    }
  }

  private static Matcher bounded(Pattern p, String s) {
    return p.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void scanEmails(String s, TreeMap<Integer, Finding> kept) {
    int n = s.length();
    int at = s.indexOf('@');
    while (at >= 0) {
      int next = at + 1;
      int ls = at;
      while (ls > 0 && at - ls < 64 && isLocalChar(s.charAt(ls - 1))) {
        ls--;
      }
      boolean tooLong = ls > 0 && isLocalChar(s.charAt(ls - 1));
      while (ls < at && s.charAt(ls) == '.') {
        ls++;
      }
      int de = at + 1;
      while (de < n && de - at - 1 < 253 && isDomainChar(s.charAt(de))) {
        de++;
      }
      while (de > at + 1 && (s.charAt(de - 1) == '.' || s.charAt(de - 1) == '-')) {
        de--;
      }
      boolean urlUserInfo = ls >= 2 && s.charAt(ls - 1) == '/' && s.charAt(ls - 2) == '/';
      boolean scpRemote = de + 1 < n && s.charAt(de) == ':' && !Character.isWhitespace(s.charAt(de + 1));
      if (ls < at && !tooLong && !urlUserInfo && !scpRemote && validDomain(s.substring(at + 1, de))) {
        keep(kept, new Finding(Type.EMAIL, ls, de));
        next = de;
      }
      at = next < n ? s.indexOf('@', next) : -1;
    }
  }

  private static boolean isLocalChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%'
        || c == '+' || c == '-';
  }

  private static boolean isDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }

  private static boolean validDomain(String domain) {
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
    }
    String tld = labels[labels.length - 1];
    if (tld.length() < 2 || tld.length() > 24) {
      return false;
    }
    for (int i = 0; i < tld.length(); i++) {
      if (!Character.isLetter(tld.charAt(i))) {
        return false;
      }
    }
    return !(labels.length == 2 && FILE_EXTENSIONS.contains(tld.toLowerCase(Locale.ROOT)));
  }

  /** SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
  private static boolean validSsn(String area, String group, String serial) {
    int a = Integer.parseInt(area);
    return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000");
  }

  private static boolean validCard(CharSequence candidate) {
    char[] d = new char[19];
    int len = 0;
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c >= '0' && c <= '9') {
        if (len == d.length) {
          return false;
        }
        d[len++] = c;
      }
    }
    return len >= 13 && knownIssuer(d, len) && luhn(d, len);
  }

  private static boolean knownIssuer(char[] d, int len) {
    int p2 = (d[0] - '0') * 10 + (d[1] - '0');
    int p3 = p2 * 10 + (d[2] - '0');
    int p4 = p3 * 10 + (d[3] - '0');
    return switch (d[0]) {
      case '4' -> len == 13 || len == 16 || len == 19; // Visa
      case '5' -> p2 >= 51 && p2 <= 55 && len == 16; // Mastercard
      case '2' -> p4 >= 2221 && p4 <= 2720 && len == 16; // Mastercard 2-series
      case '3' -> ((p2 == 34 || p2 == 37) && len == 15) // Amex
          || ((p2 == 30 || p2 == 36 || p2 == 38) && len == 14) // Diners
          || (p4 >= 3528 && p4 <= 3589 && len >= 16); // JCB
      case '6' -> (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || p2 == 62) && len >= 16; // Discover, UnionPay
      default -> false;
    };
  }

  static boolean luhn(String digits) {
    return luhn(digits.toCharArray(), digits.length());
  }

  private static boolean luhn(char[] digits, int len) {
    int sum = 0;
    boolean dbl = false;
    for (int i = len - 1; i >= 0; i--) {
      int v = digits[i] - '0';
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static int countDigits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  private static void keep(TreeMap<Integer, Finding> kept, Finding f) {
    Map.Entry<Integer, Finding> before = kept.floorEntry(f.start());
    if (before != null && before.getValue().end() > f.start()) {
      return;
    }
    Map.Entry<Integer, Finding> after = kept.ceilingEntry(f.start());
    if (after != null && after.getKey() < f.end()) {
      return;
    }
    kept.put(f.start(), f);
  }
}
