package io.chio.kernel.pii;

/** Syntax checks for IPv6 literals (RFC 4291 text forms, with an optional embedded IPv4 tail). */
final class Networks {
  private Networks() {}

  static boolean ipv6(String s) {
    if (s.length() < 2 || s.length() > 45) {
      return false;
    }
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    String[] parts = s.split(":", -1);
    int groups = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty()) {
        continue;
      }
      if (i == parts.length - 1 && p.indexOf('.') >= 0) {
        if (!ipv4(p)) {
          return false;
        }
        groups += 2;
        continue;
      }
      if (p.length() > 4 || !isHex(p)) {
        return false;
      }
      groups++;
    }
    if (dbl >= 0) {
      boolean edgesOk = (!s.startsWith(":") || s.startsWith("::")) && (!s.endsWith(":") || s.endsWith("::"));
      return edgesOk && groups <= 7;
    }
    return groups == 8 && parts.length == (s.indexOf('.') >= 0 ? 7 : 8);
  }

  static boolean ipv4(String s) {
    String[] o = s.split("\\.", -1);
    if (o.length != 4) {
      return false;
    }
    for (String p : o) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < p.length(); i++) {
        if (p.charAt(i) < '0' || p.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(String p) {
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }
}
