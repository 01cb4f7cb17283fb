package io.chio.kernel.pii;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The chio side of {@code pii-compare.sh}: scans and redacts every corpus sentence, reports
 * throughput (median of 5 timed passes after 10 s of warm-up) and the same precision/recall measure the
 * Node baselines use — a label is recalled when its value no longer appears in the redacted
 * text; detections beyond the recalled labels of a sentence are false positives. Prints one JSON
 * line.
 */
public final class PiiCompareRunner {
  /** The types redact-pii also claims (email, phone, card, SSN, IP, street address). */
  static final Set<String> COMMON = Set.of("email", "phone", "credit_card", "ssn", "ipv4", "street_address");

  private PiiCompareRunner() {}

  public static void main(String[] args) throws IOException {
    List<LabelledCorpus.Sentence> corpus = args.length > 0 ? LabelledCorpus.read(Path.of(args[0])) : LabelledCorpus.bundled();
    PiiDetector detector = PiiDetector.of(EnumSet.allOf(PiiType.class)).warmUp();
    long bytes = 0;
    for (LabelledCorpus.Sentence s : corpus) {
      bytes += s.text().getBytes(StandardCharsets.UTF_8).length;
    }
    // time-based warm-up: on a loaded machine a fixed pass count may end before C2 has compiled the scanner
    long warmUntil = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      pass(detector, corpus);
    }
    long[] times = new long[5];
    for (int i = 0; i < times.length; i++) {
      long t0 = System.nanoTime();
      pass(detector, corpus);
      times[i] = System.nanoTime() - t0;
    }
    Arrays.sort(times);
    double seconds = times[2] / 1e9;
    int labels = 0;
    int recalled = 0;
    int commonLabels = 0;
    int commonRecalled = 0;
    int detections = 0;
    int falsePositives = 0;
    for (LabelledCorpus.Sentence s : corpus) {
      List<PiiMatch> found = detector.scan(s.text());
      String redacted = Redactor.apply(s.text(), found, Redaction.label());
      int hit = 0;
      for (LabelledCorpus.Label l : s.labels()) {
        boolean gone = !redacted.contains(s.text().substring(l.start(), l.end()));
        labels++;
        hit += gone ? 1 : 0;
        if (COMMON.contains(l.type())) {
          commonLabels++;
          commonRecalled += gone ? 1 : 0;
        }
      }
      recalled += hit;
      detections += found.size();
      falsePositives += Math.max(0, found.size() - hit);
    }
    System.out.printf(Locale.ROOT,
        "{\"tool\":\"chio (JVM %s)\",\"sentences\":%d,\"mb_per_s\":%.2f,\"us_per_sentence\":%.2f,\"recall_all\":%.3f,\"recall_common\":%.3f,"
            + "\"precision\":%.3f,\"detections\":%d}%n",
        System.getProperty("java.version"), corpus.size(), bytes / 1e6 / seconds, seconds * 1e6 / corpus.size(), (double) recalled / labels,
        (double) commonRecalled / commonLabels, detections == 0 ? 1.0 : (double) (detections - falsePositives) / detections, detections);
  }

  private static int pass(PiiDetector detector, List<LabelledCorpus.Sentence> corpus) {
    int n = 0;
    for (LabelledCorpus.Sentence s : corpus) {
      List<PiiMatch> found = detector.scan(s.text());
      n += Redactor.apply(s.text(), found, Redaction.label()).length();
    }
    return n;
  }
}
