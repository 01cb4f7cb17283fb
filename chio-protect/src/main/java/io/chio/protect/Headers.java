package io.chio.protect;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** Which header fields cross the proxy, in either direction. */
final class Headers {
  /** Capability envelope header; stripped before forwarding. */
  static final String CAPABILITY = "X-Chio-Capability";
  /** Names an approved approval request when a call is retried after approval. */
  static final String APPROVAL_ID = "X-Chio-Approval-Id";
  /** The caller's declared cost of this call, in minor units. */
  static final String COST = "X-Chio-Cost";
  /** Set on every response the proxy sends. */
  static final String RECEIPT_ID = "X-Chio-Receipt-Id";

  /** Hop-by-hop fields (RFC 9110 section 7.6.1) plus the ones the proxy itself sets per hop. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection",
          "proxy-authenticate", "proxy-authorization", "proxy-authentication-info", "host", "content-length", "expect",
          "http2-settings");

  private Headers() {}

  /** Names listed in the Connection fields (lower case): hop-by-hop for this message only. */
  static Set<String> connectionTokens(HttpFields fields) {
    Set<String> out = new TreeSet<>();
    for (HttpField f : fields) {
      if (f.getHeader() == HttpHeader.CONNECTION || "connection".equalsIgnoreCase(f.getName())) {
        for (String token : f.getValue().split(",")) {
          String t = token.strip().toLowerCase(Locale.ROOT);
          if (!t.isEmpty()) {
            out.add(t);
          }
        }
      }
    }
    return out;
  }

  /**
   * The request fields the upstream receives: everything end-to-end, Authorization and API keys
   * untouched; no hop-by-hop field, nothing named by Connection, no {@code X-Chio-*} field.
   */
  static void copyRequest(HttpFields from, HttpFields.Mutable to) {
    Set<String> named = connectionTokens(from);
    for (HttpField f : from) {
      String name = f.getLowerCaseName();
      if (HOP_BY_HOP.contains(name) || named.contains(name) || name.startsWith("proxy-") || name.startsWith("x-chio-")) {
        continue;
      }
      to.add(f);
    }
  }

  /**
   * The response fields the caller receives: the upstream's, minus hop-by-hop fields (Content-Length
   * is kept: the body is passed through byte for byte) and minus any {@code X-Chio-Receipt-Id} the
   * upstream tried to set.
   */
  static void copyResponse(HttpFields from, HttpFields.Mutable to) {
    Set<String> named = connectionTokens(from);
    for (HttpField f : from) {
      String name = f.getLowerCaseName();
      if (!name.equals("content-length") && (HOP_BY_HOP.contains(name) || named.contains(name) || name.startsWith("proxy-"))) {
        continue;
      }
      if (name.equals("x-chio-receipt-id")) {
        continue;
      }
      to.add(f);
    }
  }
}
