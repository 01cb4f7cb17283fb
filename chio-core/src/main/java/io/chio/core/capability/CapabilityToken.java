package io.chio.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Ed25519PublicKey;
import io.chio.core.crypto.Ed25519Signature;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.CanonicalJson;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A signed {@code chio.capability.v1} token. Immutable. The canonical bytes of the token and of its
 * signing preimage are computed once, at parse or sign time, so verifying (and caching) never
 * re-serialises.
 *
 * <p>Signing preimage (WIRE.md 3): canonical JSON of the token without {@code signature} and
 * {@code algorithm}, with {@code "schema":"chio.capability.v1"} present even when the wire form
 * omits it. For a plain token ({@link UnsignedCapability#isPlain()}) the body without {@code schema}
 * is a second accepted preimage.
 *
 * <p>Parsing is strict: unknown fields, wrong types, non-lowercase or wrong-length hex, integers out
 * of range and unknown schemas are {@link ChioFormatException}s naming the field path.
 */
public final class CapabilityToken {
  public static final String SCHEMA = "chio.capability.v1";

  private static final Set<String> FIELDS =
      Set.of(
          "schema", "id", "issuer", "subject", "scope", "issued_at", "expires_at", "delegation_chain",
          "algorithm", "caveats", "scope_attenuations", "attenuation_proof", "budget_share_bps", "signature");
  private static final Set<String> ALGORITHMS = Set.of("ed25519", "p256", "p384", "hybrid");
  private static final String PATH = "capability";

  private final UnsignedCapability body;
  private final boolean schemaOnWire;
  private final String algorithm;
  private final String signatureText;
  private final Ed25519Signature ed25519Signature;
  private final ObjectNode json;
  private final byte[] canonical;
  private final byte[] signingBytes;
  private final byte[] plainSigningBytes;

  private CapabilityToken(
      UnsignedCapability body, boolean schemaOnWire, String algorithm, String signatureText, Ed25519Signature sig) {
    this.body = body;
    this.schemaOnWire = schemaOnWire;
    this.algorithm = algorithm;
    this.signatureText = signatureText;
    this.ed25519Signature = sig;
    ObjectNode signed = bodyJson(body);
    signed.put("schema", SCHEMA);
    this.signingBytes = CanonicalJson.bytes(signed);
    if (body.isPlain()) {
      signed.remove("schema");
      this.plainSigningBytes = CanonicalJson.bytes(signed);
    } else {
      this.plainSigningBytes = null;
    }
    ObjectNode full = bodyJson(body);
    if (schemaOnWire) {
      full.put("schema", SCHEMA);
    }
    if (algorithm != null) {
      full.put("algorithm", algorithm);
    }
    full.put("signature", signatureText);
    this.json = full;
    this.canonical = CanonicalJson.bytes(full);
  }

  // ---- issuing -------------------------------------------------------------------------------

  /**
   * Signs {@code body} with {@code issuerKey}, which must be the key named in {@code body.issuer()}.
   * The result carries {@code "schema":"chio.capability.v1"} and no {@code algorithm} field.
   */
  public static CapabilityToken sign(UnsignedCapability body, Ed25519SigningKey issuerKey) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(issuerKey, "issuerKey");
    if (!issuerKey.publicKey().equals(body.issuer())) {
      throw new IllegalArgumentException(
          "signing key " + issuerKey.publicKey() + " does not match the token issuer " + body.issuer());
    }
    ObjectNode signed = bodyJson(body);
    signed.put("schema", SCHEMA);
    Ed25519Signature sig = issuerKey.sign(CanonicalJson.bytes(signed));
    return new CapabilityToken(body, true, null, sig.toHex(), sig);
  }

  /** Issues a plain token (no delegation chain) for {@code subject} signed by {@code issuerKey}. */
  public static CapabilityToken issue(
      Ed25519SigningKey issuerKey, String id, Ed25519PublicKey subject, Scope scope, long issuedAt, long expiresAt) {
    Objects.requireNonNull(issuerKey, "issuerKey");
    return sign(UnsignedCapability.of(id, issuerKey.publicKey(), subject, scope, issuedAt, expiresAt), issuerKey);
  }

  // ---- parsing -------------------------------------------------------------------------------

  /** Parses a token from UTF-8 JSON (strict: duplicate keys and trailing data are rejected). */
  public static CapabilityToken parse(byte[] utf8Json) {
    Objects.requireNonNull(utf8Json, "utf8Json");
    return fromJson(Json.parseObject(utf8Json, PATH));
  }

  public static CapabilityToken parse(String json) {
    return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static CapabilityToken fromJson(JsonNode n) {
    Objects.requireNonNull(n, "json");
    Fields.asObject(n, PATH);
    Fields.onlyKnown(n, FIELDS, PATH);
    String schema = Fields.optText(n, "schema", PATH);
    if (schema != null && !schema.equals(SCHEMA)) {
      throw new ChioFormatException(PATH + ".schema: unsupported schema \"" + schema + "\" (expected " + SCHEMA + ")");
    }
    String id = Wire.nonEmptyText(n, "id", PATH);
    JsonNode proof = n.get("attenuation_proof");
    JsonNode share = n.get("budget_share_bps");
    UnsignedCapability body =
        new UnsignedCapability(
            id,
            Wire.key(n, "issuer", PATH),
            Wire.key(n, "subject", PATH),
            Scope.fromJson(Wire.required(n, "scope", PATH), PATH + ".scope"),
            Fields.u63(n, "issued_at", PATH),
            Fields.u63(n, "expires_at", PATH),
            Wire.optList(n, "delegation_chain", PATH, DelegationLink::fromJson),
            Wire.optList(n, "caveats", PATH, Caveat::fromJson),
            Wire.optList(n, "scope_attenuations", PATH, Attenuation::fromJson),
            proof == null ? null : AttenuationProof.fromJson(proof, PATH + ".attenuation_proof"),
            share == null ? null : budgetShare(share));
    String algorithm = Fields.optText(n, "algorithm", PATH);
    if (algorithm != null && !ALGORITHMS.contains(algorithm)) {
      throw new ChioFormatException(
          PATH + ".algorithm: unknown algorithm \"" + algorithm + "\" (expected ed25519|p256|p384|hybrid)");
    }
    JsonNode sigNode = Wire.required(n, "signature", PATH);
    if (algorithm == null || algorithm.equals("ed25519")) {
      Ed25519Signature sig = Wire.signature(sigNode, PATH + ".signature");
      return new CapabilityToken(body, schema != null, algorithm, sig.toHex(), sig);
    }
    // A non-Ed25519 token is kept so it can be reported, but it can never verify here.
    return new CapabilityToken(body, schema != null, algorithm, Fields.asText(sigNode, PATH + ".signature"), null);
  }

  private static int budgetShare(JsonNode n) {
    long v = Fields.asU63(n, PATH + ".budget_share_bps");
    if (v > 10_000) {
      throw new ChioFormatException(PATH + ".budget_share_bps: " + v + " is above 10000 basis points");
    }
    return (int) v;
  }

  // ---- serialisation -------------------------------------------------------------------------

  private static ObjectNode bodyJson(UnsignedCapability b) {
    ObjectNode o = Json.object();
    o.put("id", b.id());
    o.put("issuer", b.issuer().toHex());
    o.put("subject", b.subject().toHex());
    o.set("scope", b.scope().toJson());
    o.put("issued_at", b.issuedAt());
    o.put("expires_at", b.expiresAt());
    if (!b.delegationChain().isEmpty()) {
      ArrayNode a = o.putArray("delegation_chain");
      b.delegationChain().forEach(l -> a.add(l.toJson()));
    }
    if (!b.caveats().isEmpty()) {
      ArrayNode a = o.putArray("caveats");
      b.caveats().forEach(c -> a.add(c.toJson()));
    }
    if (!b.scopeAttenuations().isEmpty()) {
      ArrayNode a = o.putArray("scope_attenuations");
      b.scopeAttenuations().forEach(x -> a.add(x.toJson()));
    }
    if (b.attenuationProof() != null) {
      o.set("attenuation_proof", b.attenuationProof().toJson());
    }
    if (b.budgetShareBps() != null) {
      o.put("budget_share_bps", b.budgetShareBps().intValue());
    }
    return o;
  }

  /** The wire form, applying the omission rules. A fresh copy each call. */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /** Canonical JSON of the whole token (signature included). */
  public byte[] canonicalBytes() {
    return canonical.clone();
  }

  /** The bytes the issuer signed: canonical JSON without signature/algorithm, schema present. */
  public byte[] signingBytes() {
    return signingBytes.clone();
  }

  byte[] signingBytesView() {
    return signingBytes;
  }

  /** The legacy preimage (no schema) for plain tokens, else null. Internal: not copied. */
  byte[] plainSigningBytesView() {
    return plainSigningBytes;
  }

  byte[] canonicalView() {
    return canonical;
  }

  // ---- accessors -----------------------------------------------------------------------------

  public UnsignedCapability body() {
    return body;
  }

  public String id() {
    return body.id();
  }

  public Ed25519PublicKey issuer() {
    return body.issuer();
  }

  public Ed25519PublicKey subject() {
    return body.subject();
  }

  public Scope scope() {
    return body.scope();
  }

  public long issuedAt() {
    return body.issuedAt();
  }

  public long expiresAt() {
    return body.expiresAt();
  }

  public List<DelegationLink> delegationChain() {
    return body.delegationChain();
  }

  public List<Caveat> caveats() {
    return body.caveats();
  }

  public List<Attenuation> scopeAttenuations() {
    return body.scopeAttenuations();
  }

  /** Null when absent. */
  public AttenuationProof attenuationProof() {
    return body.attenuationProof();
  }

  /** Null when absent. */
  public Integer budgetShareBps() {
    return body.budgetShareBps();
  }

  /** The {@code algorithm} field as written, or null when absent (Ed25519). */
  public String algorithm() {
    return algorithm;
  }

  /** True when the wire form carried an explicit {@code schema} field. */
  public boolean schemaOnWire() {
    return schemaOnWire;
  }

  /** The Ed25519 signature, or null when the token declares another algorithm. */
  public Ed25519Signature signature() {
    return ed25519Signature;
  }

  /** The {@code signature} field as written. */
  public String signatureText() {
    return signatureText;
  }

  /** Every capability id a revocation check must consult: this token's and each link's. */
  public List<String> revocationIds() {
    List<String> ids = new java.util.ArrayList<>(delegationChain().size() + 1);
    ids.add(id());
    delegationChain().forEach(l -> ids.add(l.capabilityId()));
    return List.copyOf(ids);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapabilityToken t && Arrays.equals(canonical, t.canonical);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonical);
  }

  @Override
  public String toString() {
    return "CapabilityToken{id=" + id() + ", issuer=" + issuer() + ", subject=" + subject() + "}";
  }
}
