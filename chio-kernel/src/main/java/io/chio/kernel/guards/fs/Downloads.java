package io.chio.kernel.guards.fs;

import io.chio.kernel.guards.fs.ShellWords.Arg;
import java.util.List;
import java.util.Set;

/** Where {@code curl} / {@code wget} put what they download, so a later execution of that file is recognised. */
final class Downloads {
  private Downloads() {}

  /** Adds the files a downloader invocation writes (normalised) to {@code tainted}. */
  static void record(Set<String> tainted, String name, List<Arg> argv) {
    boolean remoteName = false;
    String url = null;
    for (int j = 1; j < argv.size(); j++) {
      String t = argv.get(j).text();
      String next = j + 1 < argv.size() ? argv.get(j + 1).text() : null;
      boolean cluster = t.startsWith("-") && !t.startsWith("--") && t.length() > 1;
      if (t.contains("://")) {
        url = t;
      } else if (name.equals("curl") && (t.equals("--output") || cluster && t.endsWith("o")) && next != null) {
        add(tainted, next);
        j++;
      } else if (name.equals("curl") && t.startsWith("--output=")) {
        add(tainted, t.substring(9));
      } else if (name.equals("curl") && (t.equals("--remote-name") || cluster && t.indexOf('O') > 0)) {
        remoteName = true;
      } else if (name.equals("wget") && cluster && t.endsWith("O") && next != null) {
        add(tainted, next);
        j++;
      } else if (name.equals("wget") && cluster && t.indexOf('O') > 0) {
        add(tainted, t.substring(t.indexOf('O') + 1));
      } else if (name.equals("wget") && t.startsWith("--output-document=")) {
        add(tainted, t.substring(18));
      }
    }
    if (url != null && (remoteName || name.equals("wget"))) {
      String path = url.replaceFirst("[?#].*$", "");
      String base = path.substring(path.lastIndexOf('/') + 1);
      if (!base.isEmpty()) {
        tainted.add(base);
      }
    }
  }

  private static void add(Set<String> tainted, String file) {
    if (!file.equals("-")) {
      tainted.add(PathNormalizer.normalize(file));
    }
  }

  /** True when the downloader writes its body to a file rather than to stdout. */
  static boolean writesToFile(String name, List<Arg> argv) {
    for (int j = 1; j < argv.size(); j++) {
      String t = argv.get(j).text();
      String next = j + 1 < argv.size() ? argv.get(j + 1).text() : "";
      boolean cluster = t.startsWith("-") && !t.startsWith("--") && t.length() > 1;
      if (name.equals("curl")) {
        if (t.equals("--output") || cluster && t.endsWith("o")) {
          return !next.equals("-");
        }
        if (t.startsWith("--output=")) {
          return !t.equals("--output=-");
        }
        if (t.equals("--remote-name") || cluster && t.indexOf('O') > 0) {
          return true;
        }
      } else if (name.equals("wget")) {
        if (cluster && t.endsWith("O")) {
          return !next.equals("-");
        }
        if (cluster && t.indexOf('O') > 0) {
          return !t.endsWith("O-");
        }
        if (t.startsWith("--output-document=")) {
          return !t.equals("--output-document=-");
        }
      }
    }
    return name.equals("wget");
  }
}
