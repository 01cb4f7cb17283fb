package io.chio.kernel.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall per type on 6,000 generated, labelled sentences (seed 2026). Writes the
 * table to {@code target/pii-precision-recall.md} (pasted into the README) and the corpus as
 * JSON lines to {@code target/pii-corpus.jsonl} (input of {@code chio-bench/scripts/pii-compare.sh}).
 *
 * <p>A found span counts as a true positive when it overlaps a label of the same type; any other
 * finding is a false positive of its type; an unmatched label is a false negative.
 */
class CorpusPrecisionRecallTest {
  static final long SEED = 2026;
  static final int SIZE = 6000;

  @Test
  void precisionAndRecallPerType() throws IOException {
    PiiDetector detector = PiiDetector.of(EnumSet.allOf(PiiType.class));
    List<PiiCorpus.Sentence> corpus = PiiCorpus.generate(SEED, SIZE);
    Map<PiiType, int[]> stats = new TreeMap<>(); // tp, fp, fn
    int labels = 0;
    for (PiiCorpus.Sentence s : corpus) {
      List<PiiMatch> found = detector.scan(s.text());
      boolean[] used = new boolean[found.size()];
      for (PiiCorpus.Label l : s.labels()) {
        labels++;
        int[] st = stats.computeIfAbsent(l.type(), k -> new int[3]);
        boolean hit = false;
        for (int i = 0; i < found.size(); i++) {
          PiiMatch m = found.get(i);
          if (!used[i] && m.type() == l.type() && m.start() < l.end() && l.start() < m.end()) {
            used[i] = true;
            hit = true;
            break;
          }
        }
        st[hit ? 0 : 2]++;
      }
      for (int i = 0; i < found.size(); i++) {
        if (!used[i]) {
          int[] st = stats.computeIfAbsent(found.get(i).type(), k -> new int[3]);
          if (st[1]++ < 3) {
            PiiMatch m = found.get(i);
            System.out.println("false positive " + m.type().configName() + " \"" + s.text().substring(m.start(), m.end()) + "\" in: " + s.text());
          }
        }
      }
    }
    StringBuilder md = new StringBuilder();
    md.append("| type | labels | TP | FP | FN | precision | recall |\n|---|---:|---:|---:|---:|---:|---:|\n");
    int tp = 0;
    int fp = 0;
    int fn = 0;
    List<String> weak = new ArrayList<>();
    for (Map.Entry<PiiType, int[]> e : stats.entrySet()) {
      int[] st = e.getValue();
      tp += st[0];
      fp += st[1];
      fn += st[2];
      double p = ratio(st[0], st[0] + st[1]);
      double r = ratio(st[0], st[0] + st[2]);
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %.3f |%n", e.getKey().configName(), st[0] + st[2], st[0], st[1], st[2], p, r));
      if (p < 0.95 || r < 0.95) {
        weak.add(e.getKey().configName() + " p=" + p + " r=" + r);
      }
    }
    md.append(String.format(Locale.ROOT, "| **all** | %d | %d | %d | %d | %.3f | %.3f |%n", tp + fn, tp, fp, fn, ratio(tp, tp + fp), ratio(tp, tp + fn)));
    Path target = Path.of("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("pii-precision-recall.md"), md.toString(), StandardCharsets.UTF_8);
    Files.write(target.resolve("pii-corpus.jsonl"), jsonLines(corpus), StandardCharsets.UTF_8);
    System.out.println(md);
    assertThat(corpus).hasSize(SIZE);
    assertThat(labels).isGreaterThan(3000);
    assertThat(weak).as("types under 0.95 precision or recall").isEmpty();
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 1.0 : (double) a / b;
  }

  static List<String> jsonLines(List<PiiCorpus.Sentence> corpus) {
    List<String> out = new ArrayList<>();
    for (PiiCorpus.Sentence s : corpus) {
      StringBuilder b = new StringBuilder("{\"text\":").append(quote(s.text())).append(",\"labels\":[");
      for (int i = 0; i < s.labels().size(); i++) {
        PiiCorpus.Label l = s.labels().get(i);
        b.append(i == 0 ? "" : ",").append("{\"type\":\"").append(l.type().configName()).append("\",\"start\":").append(l.start())
            .append(",\"end\":").append(l.end()).append('}');
      }
      out.add(b.append("]}").toString());
    }
    return out;
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
