package io.chio.kernel.guards.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts a patch's added and deleted lines. Inside a hunk whose header gives line counts ({@code @@
 * -12,5 +12,7 @@}) exactly that many lines are read as hunk content, so an added line that itself
 * starts with {@code ++} (shown as {@code +++ ...}) is counted rather than mistaken for a file
 * header. Outside declared hunks (hunk-less or miscounted diffs, which agents often produce, and the
 * {@code *** Begin Patch} format) every {@code +}/{@code -} line counts except a {@code ---}/{@code
 * +++} file-header pair.
 */
final class UnifiedDiff {
  private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,(\\d+))? \\+\\d+(?:,(\\d+))? @@");

  /** One added line: its 1-based line number in the patch text and its content without the {@code +}. */
  record Added(int lineNumber, String text) {}

  record Stats(int additions, int deletions, List<Added> added) {}

  private UnifiedDiff() {}

  static Stats parse(String diff) {
    String[] lines = diff.split("\n", -1);
    int additions = 0;
    int deletions = 0;
    List<Added> added = new ArrayList<>();
    long oldLeft = 0;
    long newLeft = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (oldLeft > 0 || newLeft > 0) {
        if (line.startsWith("+")) {
          additions++;
          added.add(new Added(i + 1, line.substring(1)));
          newLeft--;
          continue;
        }
        if (line.startsWith("-")) {
          deletions++;
          oldLeft--;
          continue;
        }
        if (line.startsWith(" ") || line.isEmpty()) {
          oldLeft--;
          newLeft--;
          continue;
        }
        if (line.startsWith("\\")) {
          continue; // "\ No newline at end of file"
        }
        oldLeft = 0;
        newLeft = 0; // the hunk was shorter than declared: read on as headers / loose lines
      }
      Matcher m = HUNK.matcher(line);
      if (m.find()) {
        oldLeft = m.group(1) == null ? 1 : parseCount(m.group(1));
        newLeft = m.group(2) == null ? 1 : parseCount(m.group(2));
        continue;
      }
      if (line.startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ ")) {
        i++;
        continue;
      }
      if (line.startsWith("+")) {
        additions++;
        added.add(new Added(i + 1, line.substring(1)));
      } else if (line.startsWith("-")) {
        deletions++;
      }
    }
    return new Stats(additions, deletions, added);
  }

  private static long parseCount(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // absurd counts: read everything as hunk content
    }
  }
}
