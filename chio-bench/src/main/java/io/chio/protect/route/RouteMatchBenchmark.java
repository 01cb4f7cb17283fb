package io.chio.protect.route;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route matching over GitHub's OpenAPI description (npm package {@code @octokit/openapi}, file
 * {@code generated/api.github.com.json}; {@code chio-bench/scripts/protect-load.sh} fetches it). Pass
 * its path as {@code -Dchio.bench.githubSpec=...}. Each invocation matches one request, cycling over
 * a concrete path for every operation in the spec (parameters filled in), so the figure is an
 * average over the whole API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RouteMatchBenchmark {
  private RouteTable table;
  private String[] methods;
  private String[] rawPaths;
  private List<List<String>> segments;
  private int i;

  @Setup(Level.Trial)
  public void load() throws Exception {
    String file = System.getProperty("chio.bench.githubSpec");
    if (file == null) {
      throw new IllegalStateException("set -Dchio.bench.githubSpec=/path/to/api.github.com.json");
    }
    LoadedSpec spec = SpecLoader.load(Files.readString(Path.of(file), StandardCharsets.UTF_8), file);
    table = spec.routeTable("");
    List<Route> routes = table.routes();
    methods = new String[routes.size()];
    rawPaths = new String[routes.size()];
    segments = new ArrayList<>(routes.size());
    for (int k = 0; k < routes.size(); k++) {
      Route r = routes.get(k);
      methods[k] = r.method();
      rawPaths[k] = r.pattern().replaceAll("\\{[^}/]+\\}", "p" + k);
      segments.add(RequestTarget.parse(rawPaths[k], null).segments());
      if (table.match(methods[k], segments.get(k)) == null) {
        throw new IllegalStateException("no match for " + methods[k] + " " + rawPaths[k]);
      }
    }
  }

  /** Trie lookup on already-decoded segments. */
  @Benchmark
  public Route match() {
    int k = i++ % methods.length;
    return table.match(methods[k], segments.get(k));
  }

  /** Decoding and checking the raw path, then the lookup: what the proxy does per request. */
  @Benchmark
  public Route parseAndMatch() throws MalformedRequestException {
    int k = i++ % methods.length;
    return table.match(methods[k], RequestTarget.parse(rawPaths[k], null).segments());
  }
}
