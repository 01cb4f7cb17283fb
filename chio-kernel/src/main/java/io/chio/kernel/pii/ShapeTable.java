package io.chio.kernel.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * For each catalog rule, first digit and digit-run length: can the rule's shape prefilter hold?
 * Computed once by probing every shape with the run followed by every two-character
 * continuation over letters, digits and separators, padded with alternating letters and digits
 * (shapes look at the run and a few characters after it). Lets the scanner try only the rules
 * that can match a token like {@code 2024} or {@code 943 476 5919}.
 */
final class ShapeTable {
  static final int MAX_RUN = 27;
  private static final String ALPHABET = "Aa0 -./:(+,x";
  private static final boolean[][][] HOLDS = compute();

  private ShapeTable() {}

  static boolean canHold(int catalogPosition, char firstDigit, int run) {
    return run >= MAX_RUN || HOLDS[catalogPosition][firstDigit - '0'][run];
  }

  private static boolean[][][] compute() {
    List<Rule> catalog = Rules.valueRules(List.of("US"));
    List<String> tails = new ArrayList<>();
    tails.add("");
    for (char a : ALPHABET.toCharArray()) {
      if (a == '0') {
        continue; // a digit right after the run would make the run longer
      }
      tails.add(String.valueOf(a));
      for (char b : ALPHABET.toCharArray()) {
        tails.add("" + a + b);
        for (char c : ALPHABET.toCharArray()) {
          tails.add("" + a + b + c);
        }
      }
    }
    String[] paddings = {"", "A0a0A0a0A0a0A0a0A0a0A0a0A0a0A0a0", "0:0:0:0:0:0:0", "A:A:A:A:A:A"};
    boolean[][][] holds = new boolean[catalog.size()][10][MAX_RUN];
    for (int p = 0; p < catalog.size(); p++) {
      Rule.Shape shape = catalog.get(p).shape();
      for (int d = 0; d < 10; d++) {
        for (int run = 1; run < MAX_RUN; run++) {
          String digits = (char) ('0' + d) + "0".repeat(run - 1);
          search:
          for (String tail : tails) {
            for (String pad : paddings) {
              if (shape.plausible(digits + tail + pad, 0, run)) {
                holds[p][d][run] = true;
                break search;
              }
            }
          }
        }
      }
    }
    return holds;
  }
}
