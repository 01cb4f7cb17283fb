package io.chio.protect.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chio.core.crypto.Sha256;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.swagger.v3.parser.util.DeserializationUtils;
import org.yaml.snakeyaml.LoaderOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Loads OpenAPI 3.0 / 3.1 and Swagger 2.0 descriptions (YAML or JSON) with swagger-parser and
 * turns each operation into a {@link Route}. References are not resolved: chio needs only paths,
 * methods and operation extensions, and resolving would let a spec make the proxy fetch URLs.
 */
public final class SpecLoader {
  /** Methods chio enforces; TRACE operations are counted but not routed (chio refuses TRACE). */
  private static final List<PathItem.HttpMethod> ROUTED =
      List.of(
          PathItem.HttpMethod.GET, PathItem.HttpMethod.HEAD, PathItem.HttpMethod.OPTIONS, PathItem.HttpMethod.POST,
          PathItem.HttpMethod.PUT, PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

  /** Largest spec accepted, in characters (GitHub's description is about 13 million). */
  static final int MAX_SPEC_CHARS = 64 * 1024 * 1024;

  private static final ObjectMapper YAML;

  static {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(MAX_SPEC_CHARS);
    YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(loader).build());
    DeserializationUtils.getOptions().setMaxYamlCodePoints(MAX_SPEC_CHARS);
  }

  private SpecLoader() {}

  /**
   * Parses {@code text}. {@code policy_hash} is the SHA-256 of its UTF-8 bytes.
   *
   * @param source where the text came from, used in messages and the start-up log
   */
  public static LoadedSpec load(String text, String source) throws SpecException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    if (text.length() > MAX_SPEC_CHARS) {
      throw new SpecException(source + ": larger than " + MAX_SPEC_CHARS + " characters");
    }
    checkVersion(text, source);
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    options.setValidateExternalRefs(false);
    options.setSafelyResolveURL(true);
    SwaggerParseResult result;
    try {
      result = new OpenAPIParser().readContents(text, null, options);
    } catch (RuntimeException e) {
      throw new SpecException(source + ": not a readable OpenAPI or Swagger document: " + e.getMessage(), e);
    }
    OpenAPI api = result == null ? null : result.getOpenAPI();
    if (api == null || api.getOpenapi() == null) {
      List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
      throw new SpecException(
          source + ": not an OpenAPI 3.x or Swagger 2.0 document"
              + (messages.isEmpty() ? "" : " (" + String.join("; ", messages) + ")"));
    }
    List<Route> routes = new ArrayList<>();
    int paths = 0;
    int operations = 0;
    if (api.getPaths() != null) {
      for (Map.Entry<String, PathItem> e : api.getPaths().entrySet()) {
        String path = e.getKey();
        PathItem item = e.getValue();
        paths++;
        if (item == null) {
          continue;
        }
        if (item.get$ref() != null) {
          throw new SpecException(source + ": path " + path + " is a $ref (" + item.get$ref() + "); inline it, chio does not resolve references");
        }
        rejectChioExtensions(item.getExtensions(), source + ": path " + path);
        Map<PathItem.HttpMethod, Operation> ops = item.readOperationsMap();
        operations += ops.size();
        for (PathItem.HttpMethod m : ROUTED) {
          Operation op = ops.get(m);
          if (op == null) {
            continue;
          }
          String method = m.name().toUpperCase(Locale.ROOT);
          String where = source + ": " + method + " " + path;
          PathTemplate.parse(path, where);
          routes.add(new Route(method, path, op.getOperationId(), ChioExtensions.parse(op.getExtensions(), where)));
        }
      }
    }
    LoadedSpec spec =
        new LoadedSpec(
            source, api.getInfo() == null || api.getInfo().getTitle() == null ? "" : api.getInfo().getTitle(),
            Sha256.hex(text.getBytes(StandardCharsets.UTF_8)), paths, operations, basePath(api), routes);
    spec.routeTable("");
    return spec;
  }

  /** A spec chio could not find: no routes, policy hash of the empty text. */
  public static LoadedSpec none(String source) {
    return new LoadedSpec(source, "", Sha256.hex(new byte[0]), 0, 0, "", List.of());
  }

  /**
   * swagger-parser turns almost any YAML into an empty OpenAPI object, so the document is first read
   * as YAML (a superset of JSON) and must declare {@code openapi: 3.x} or {@code swagger: "2.0"}.
   */
  private static void checkVersion(String text, String source) throws SpecException {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new SpecException(source + ": not valid YAML or JSON: " + msg, e);
    }
    if (root == null || !root.isObject()) {
      throw new SpecException(source + ": an OpenAPI document must be a YAML or JSON object");
    }
    JsonNode openapi = root.get("openapi");
    JsonNode swagger = root.get("swagger");
    if (openapi != null && openapi.isTextual() && openapi.textValue().startsWith("3.")) {
      return;
    }
    if (swagger != null && "2.0".equals(swagger.asText())) {
      return;
    }
    throw new SpecException(source + ": not an OpenAPI 3.x or Swagger 2.0 document (no \"openapi: 3.x\" or \"swagger: '2.0'\")");
  }

  private static void rejectChioExtensions(Map<String, Object> extensions, String where) throws SpecException {
    if (extensions == null) {
      return;
    }
    for (String k : extensions.keySet()) {
      if (k.startsWith("x-chio-")) {
        throw new SpecException(where + ": " + k + " belongs on an operation, not on the path item");
      }
    }
  }

  /** The path of the first server URL ({@code basePath} in Swagger 2.0), without a trailing slash. */
  private static String basePath(OpenAPI api) throws SpecException {
    List<Server> servers = api.getServers();
    if (servers == null || servers.isEmpty() || servers.get(0).getUrl() == null) {
      return "";
    }
    String url = servers.get(0).getUrl();
    if (url.contains("{")) {
      // A templated server URL has no single base path; patterns stay as written.
      return "";
    }
    String path;
    try {
      path = URI.create(url).getRawPath();
    } catch (IllegalArgumentException e) {
      throw new SpecException("servers[0].url \"" + url + "\" is not a URL: " + e.getMessage(), e);
    }
    if (path == null) {
      return "";
    }
    path = LoadedSpec.stripSlash(path);
    return path.startsWith("/") || path.isEmpty() ? path : "";
  }
}
