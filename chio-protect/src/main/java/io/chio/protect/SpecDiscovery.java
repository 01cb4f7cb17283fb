package io.chio.protect;

import io.chio.protect.route.LoadedSpec;
import io.chio.protect.route.SpecException;
import io.chio.protect.route.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the upstream's OpenAPI description when {@code --spec} is not given, by probing the
 * well-known locations of EDGES.md section 1 in order. Only the configured upstream is asked,
 * redirects are not followed and bodies are capped.
 */
public final class SpecDiscovery {
  /** Probed in this order; the first that loads wins. */
  public static final List<String> WELL_KNOWN = List.of("/openapi.json", "/openapi.yaml", "/swagger.json", "/api-docs");

  private static final int MAX_SPEC_BYTES = 32 * 1024 * 1024;

  /** The outcome: the spec if one loaded, and one line per location tried. */
  public record Result(Optional<LoadedSpec> spec, List<String> attempts) {}

  private SpecDiscovery() {}

  public static Result discover(URI upstream, Duration timeout) {
    HttpClient client =
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    String base = upstream.toString().endsWith("/") ? upstream.toString().substring(0, upstream.toString().length() - 1) : upstream.toString();
    List<String> attempts = new ArrayList<>();
    for (String path : WELL_KNOWN) {
      String url = base + path;
      try {
        HttpResponse<InputStream> r =
            client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = r.body()) {
          body = in.readNBytes(MAX_SPEC_BYTES + 1);
        }
        if (r.statusCode() != 200) {
          attempts.add(url + ": HTTP " + r.statusCode());
          continue;
        }
        if (body.length > MAX_SPEC_BYTES) {
          attempts.add(url + ": larger than " + MAX_SPEC_BYTES + " bytes");
          continue;
        }
        LoadedSpec spec = SpecLoader.load(new String(body, StandardCharsets.UTF_8), url);
        attempts.add(url + ": loaded");
        return new Result(Optional.of(spec), attempts);
      } catch (SpecException e) {
        attempts.add(url + ": " + e.getMessage());
      } catch (IOException e) {
        attempts.add(url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        attempts.add(url + ": interrupted");
        break;
      }
    }
    return new Result(Optional.empty(), attempts);
  }
}
