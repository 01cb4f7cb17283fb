package io.chio.kernel.pii;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Email addresses, found from each {@code @} outwards with bounded local-part (64) and domain
 * (253) scans, so the cost is linear in the text. Not emails: {@code icon@2x.png} (a file name),
 * {@code git@github.com:org/repo} (scp), {@code ssh://git@host} (URL user info), single-label
 * domains.
 */
final class Emails {
  private Emails() {}

  /** Two-label "domains" ending in these are file names like {@code icon@2x.png}. */
  private static final Set<String> FILE_EXTENSIONS = Set.of(
      "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "js", "mjs", "cjs", "ts", "tsx", "jsx", "css", "scss",
      "json", "yaml", "yml", "md", "txt", "html", "htm", "xml", "java", "py", "rb", "go", "rs", "lock", "zip", "gz", "tar",
      "pdf", "csv", "toml", "ini", "cfg", "log", "sh", "kt", "swift", "php", "c", "h", "cpp", "hpp");

  static void scan(String s, List<PiiMatch> out) {
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
        out.add(Rule.match(PiiType.EMAIL, ls, de, 0.95, "email-syntax"));
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
}
