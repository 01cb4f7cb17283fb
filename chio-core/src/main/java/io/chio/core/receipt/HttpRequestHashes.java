package io.chio.core.receipt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.crypto.Hex;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The request-derived hashes of an HTTP receipt (WIRE.md section 5). No credential leaves here. */
public final class HttpRequestHashes {
  /** Caller identity when no credential was presented. */
  public static final String ANONYMOUS = "anonymous";

  private HttpRequestHashes() {}

  /** sha256_hex of the request body, or null for an absent or empty body. */
  public static String bodyHash(byte[] body) {
    return body == null || body.length == 0 ? null : Sha256.hex(body);
  }

  /**
   * {@code sha256_hex(canonical({method, route_pattern, path, query, body_hash}))}, with {@code
   * query} an object of parameter name to value and {@code body_hash} null for an empty body.
   */
  public static String contentHash(
      HttpMethod method, String routePattern, String path, Map<String, String> query, byte[] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(routePattern, "routePattern");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    ObjectNode binding = Json.object();
    binding.put("method", method.wire());
    binding.put("route_pattern", routePattern);
    binding.put("path", path);
    ObjectNode q = binding.putObject("query");
    query.forEach((k, v) -> q.put(Objects.requireNonNull(k, "query key"), Objects.requireNonNull(v, "query value")));
    String bodyHash = bodyHash(body);
    if (bodyHash == null) {
      binding.putNull("body_hash");
    } else {
      binding.put("body_hash", bodyHash);
    }
    return Sha256.hex(CanonicalJson.bytes(binding));
  }

  /**
   * {@code bearer:<16 hex>} for {@code Authorization: Bearer X}, else {@code apikey:<16 hex>} for an
   * {@code X-Api-Key} header, else {@code anonymous}; the hex is the first 8 bytes of sha256(X).
   * Pass null for a header that is absent.
   */
  public static String callerIdentityHash(String authorizationHeader, String apiKeyHeader) {
    String bearer = bearerToken(authorizationHeader);
    if (bearer != null) {
      return "bearer:" + shortHash(bearer);
    }
    if (apiKeyHeader != null && !apiKeyHeader.strip().isEmpty()) {
      return "apikey:" + shortHash(apiKeyHeader.strip());
    }
    return ANONYMOUS;
  }

  private static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String a = authorization.strip();
    // The auth scheme is case-insensitive (RFC 9110 section 11.1).
    if (a.length() > 7 && a.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      String token = a.substring(7).strip();
      return token.isEmpty() ? null : token;
    }
    return null;
  }

  private static String shortHash(String credential) {
    return Hex.encode(Arrays.copyOf(Sha256.digest(credential.getBytes(StandardCharsets.UTF_8)), 8));
  }
}
