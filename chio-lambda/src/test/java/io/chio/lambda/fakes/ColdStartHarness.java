package io.chio.lambda.fakes;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the extension as Lambda starts it (used by {@code chio-bench/scripts/lambda-coldstart.sh}):
 *
 * <ul>
 *   <li>{@code cold RUNS LAUNCHER [ENV=VALUE...]}: RUNS times, start the launcher against a fresh
 *       emulator and time process start to "registered and listening" (both the registration seen
 *       by the emulator and the listening line), the CPU time the process had used by then (less
 *       sensitive to a busy machine than the wall clock), and the first {@code POST /v1/evaluate}
 *       after it (what the first invocation waits for), then SHUTDOWN; prints each run and the medians.
 *   <li>{@code warm SECONDS RATE LAUNCHER [ENV=VALUE...]}: one extension, then RATE requests/s for
 *       SECONDS (paced, one connection) of GET /health (baseline) and POST /v1/evaluate; prints
 *       p50/p90/p99/p99.9/max of each.
 * </ul>
 */
public final class ColdStartHarness {
  static final Pattern LISTENING = Pattern.compile("registered and listening on 127\\.0\\.0\\.1:(\\d+)");

  private ColdStartHarness() {}

  record Started(Process process, int port, long coldNanos, long cpuMillis, LambdaEmulator emu, Thread reader) {}

  static final String BODY = "{\"tool\":\"database-query\",\"scope\":\"db:read\",\"arguments\":{\"sql\":\"select * from orders where id = 42\"},"
      + "\"identity\":{\"principalId\":\"user-1\"}}";

  public static void main(String[] args) throws Exception {
    int code = 0;
    try {
      switch (args[0]) {
        case "cold" -> cold(Integer.parseInt(args[1]), args[2], Arrays.copyOfRange(args, 3, args.length));
        case "warm" -> warm(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], Arrays.copyOfRange(args, 4, args.length));
        default -> throw new IllegalArgumentException("cold|warm");
      }
    } catch (Exception e) {
      System.out.println("harness failed: " + e.getMessage());
      code = 1;
    }
    // The emulator's server threads must not keep a failed run alive.
    System.exit(code);
  }

  static Started start(String launcher, String[] env) throws Exception {
    LambdaEmulator emu = new LambdaEmulator();
    ProcessBuilder pb = new ProcessBuilder(launcher);
    pb.environment().put("AWS_LAMBDA_RUNTIME_API", emu.runtimeApi());
    pb.environment().put("CHIO_EXTENSION_ADDR", "127.0.0.1:0");
    for (String kv : env) {
      int eq = kv.indexOf('=');
      pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    pb.redirectErrorStream(true);
    CountDownLatch listening = new CountDownLatch(1);
    int[] port = new int[1];
    long[] at = new long[1];
    long[] cpu = new long[1];
    List<String> out = new ArrayList<>();
    long t0 = System.nanoTime();
    Process p = pb.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (out) {
            out.add(line);
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            at[0] = System.nanoTime();
            cpu[0] = cpuMillis(p.pid());
            port[0] = Integer.parseInt(m.group(1));
            listening.countDown();
          }
        }
      } catch (java.io.IOException ignored) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    if (!listening.await(60, TimeUnit.SECONDS) || !emu.awaitNext(10_000)) {
      p.destroyForcibly();
      synchronized (out) {
        throw new IllegalStateException("extension did not come up:\n" + String.join("\n", out));
      }
    }
    if (emu.registeredNames().isEmpty()) {
      throw new IllegalStateException("listening but never registered");
    }
    return new Started(p, port[0], at[0] - t0, cpu[0], emu, reader);
  }

  static void stop(Started s) throws Exception {
    s.emu().shutdown("spindown");
    if (!s.process().waitFor(10, TimeUnit.SECONDS)) {
      s.process().destroyForcibly();
      throw new IllegalStateException("extension did not exit after SHUTDOWN");
    }
    s.emu().close();
  }

  /** user+system CPU time of a process from /proc (Linux; clock ticks of 10 ms), -1 where unreadable. */
  static long cpuMillis(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  static void cold(int runs, String launcher, String[] env) throws Exception {
    long[] ms = new long[runs];
    long[] cpu = new long[runs];
    long[] first = new long[runs];
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < runs; i++) {
      Started s = start(launcher, env);
      ms[i] = TimeUnit.NANOSECONDS.toMicros(s.coldNanos());
      cpu[i] = s.cpuMillis() * 1000;
      if (i == 0) {
        // The harness's own HTTP client loads its classes once, outside the measurement.
        paced(http, URI.create("http://127.0.0.1:" + s.port() + "/health"), null, 1, 5);
        stop(s);
        s = start(launcher, env);
        ms[i] = TimeUnit.NANOSECONDS.toMicros(s.coldNanos());
        cpu[i] = s.cpuMillis() * 1000;
      }
      long t = System.nanoTime();
      paced(http, URI.create("http://127.0.0.1:" + s.port() + "/v1/evaluate"), BODY, 1, 1);
      first[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t);
      stop(s);
      System.out.printf("run %d: %.1f ms (cpu %.0f ms), first evaluate %.1f ms%n", i + 1, ms[i] / 1000.0, cpu[i] / 1000.0, first[i] / 1000.0);
    }
    System.out.printf("cold start median of %d: %s; cpu %s; first evaluate %s%n", runs, summary(ms), summary(cpu), summary(first));
  }

  private static String summary(long[] micros) {
    long[] s = micros.clone();
    Arrays.sort(s);
    int n = s.length;
    double median = n % 2 == 1 ? s[n / 2] / 1000.0 : (s[n / 2 - 1] + s[n / 2]) / 2000.0;
    return String.format("%.1f ms (min %.1f, max %.1f)", median, s[0] / 1000.0, s[n - 1] / 1000.0);
  }

  static void warm(int seconds, int rate, String launcher, String[] env) throws Exception {
    Started s = start(launcher, env);
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI health = URI.create("http://127.0.0.1:" + s.port() + "/health");
      URI eval = URI.create("http://127.0.0.1:" + s.port() + "/v1/evaluate");
      String body = BODY;
      // Warm-up: JIT and connection, not measured.
      paced(http, eval, body, Math.min(5, seconds), rate);
      paced(http, health, null, 2, rate);
      long[] base = paced(http, health, null, seconds, rate);
      long[] ev = paced(http, eval, body, seconds, rate);
      report("GET /health (baseline)", base);
      report("POST /v1/evaluate", ev);
    } finally {
      stop(s);
    }
  }

  static long[] paced(HttpClient http, URI uri, String body, int seconds, int rate) throws Exception {
    int n = seconds * rate;
    long[] lat = new long[n];
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long slot = start + i * interval;
      long now;
      while ((now = System.nanoTime()) < slot) {
        long left = slot - now;
        if (left > 200_000) {
          Thread.sleep(0, (int) Math.min(left - 100_000, 999_999));
        } else {
          Thread.onSpinWait();
        }
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
      HttpRequest req = body == null ? b.GET().build() : b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      long t = System.nanoTime();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      lat[i] = System.nanoTime() - t;
      if (r.statusCode() != 200 || (body != null && !r.body().contains("\"decision\":\"allow\""))) {
        throw new IllegalStateException("unexpected answer " + r.statusCode() + ": " + r.body());
      }
    }
    return lat;
  }

  static void report(String what, long[] lat) {
    long[] s = lat.clone();
    Arrays.sort(s);
    System.out.printf("%-24s n=%d p50=%.0f us p90=%.0f us p99=%.0f us p99.9=%.0f us max=%.0f us%n", what, s.length, pct(s, 50), pct(s, 90),
        pct(s, 99), pct(s, 99.9), s[s.length - 1] / 1000.0);
  }

  static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
  }
}
