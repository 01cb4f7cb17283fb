package io.chio.kernel.guards.net;

import io.chio.kernel.action.ToolAction;

/** Where a classified call sends traffic, for the URL-checking guards. */
final class CallTargets {
  private CallTargets() {}

  /** The URL of a network egress or browser action, or null when the action has none. */
  static String urlOf(ToolAction action) {
    if (action instanceof ToolAction.NetworkEgress n) {
      return n.url();
    }
    if (action instanceof ToolAction.Browser b) {
      return b.url();
    }
    return null;
  }

  /**
   * True for a browser URL that opens no new origin: {@code about:blank}, or a reference relative
   * to the current page ({@code /login}, {@code ?q=1}, {@code #top}), whose origin was checked
   * when the page was opened. Scheme-relative {@code //host} is NOT same-page.
   */
  static boolean isSamePageBrowserUrl(ToolAction action, String url) {
    if (!(action instanceof ToolAction.Browser)) {
      return false;
    }
    String u = url.strip();
    if (u.equalsIgnoreCase("about:blank")) {
      return true;
    }
    if (u.isEmpty() || u.startsWith("//") || u.indexOf('\\') >= 0) {
      return false;
    }
    for (int i = 0; i < u.length(); i++) {
      // Browsers drop tabs and newlines, so "/\t/evil.com" would become "//evil.com".
      if (u.charAt(i) < 0x20 || u.charAt(i) == 0x7f) {
        return false;
      }
    }
    char c = u.charAt(0);
    return c == '/' || c == '?' || c == '#';
  }
}
