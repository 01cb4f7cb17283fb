package io.chio.core.capability;

import io.chio.core.crypto.Ed25519SigningKey;
import java.util.List;

/** Keys and tokens shared by the capability tests (seeds as in the reference vectors). */
final class Fixtures {
  static final Ed25519SigningKey ISSUER = Ed25519SigningKey.fromSeedHex("0b".repeat(32));
  static final Ed25519SigningKey SUBJECT = Ed25519SigningKey.fromSeedHex("0c".repeat(32));
  static final Ed25519SigningKey DELEGATEE = Ed25519SigningKey.fromSeedHex("0d".repeat(32));
  static final Ed25519SigningKey OTHER = Ed25519SigningKey.fromSeedHex("0e".repeat(32));

  /** The reference vector {@code valid_no_delegation_chain}, verbatim (verify at 1710000400). */
  static final String DIRECT_VECTOR =
      "{\"expires_at\":1710000800,\"id\":\"cap-bindings-direct\",\"issued_at\":1710000200,"
          + "\"issuer\":\"66be7e332c7a453332bd9d0a7f7db055f5c5ef1a06ada66d98b39fb6810c473a\","
          + "\"scope\":{\"grants\":[{\"constraints\":[{\"type\":\"path_prefix\",\"value\":\"/workspace/\"}],"
          + "\"max_invocations\":3,\"operations\":[\"invoke\",\"read_result\"],\"server_id\":\"srv-files\","
          + "\"tool_name\":\"file_read\"}]},"
          + "\"signature\":\"bf98e7d482dee58f37b6f859b9eddd54191dbb1145321be7dff9aa59fbf47e7647873dd40c585956ebc098b64f7f853d7ceb83685c01410c7decd6a477db920c\","
          + "\"subject\":\"0b513ad9b4924015ca0902ed079044d3ac5dbec2306f06948c10da8eb6e39f2d\"}";

  static final long T0 = 1_710_000_000L;

  private Fixtures() {}

  /** A parent scope that allows delegation, with caps on every dimension. */
  static Scope delegableScope() {
    ToolGrant files =
        new ToolGrant(
            "srv-files",
            "file_read",
            List.of(Operation.INVOKE, Operation.READ_RESULT, Operation.DELEGATE),
            List.of(new Constraint.PathPrefix("/workspace/")),
            10L,
            new MonetaryAmount(500, "USD"),
            new MonetaryAmount(5_000, "USD"),
            true);
    ToolGrant shell = ToolGrant.of("srv-shell", "exec", List.of(Operation.INVOKE, Operation.DELEGATE));
    return new Scope(
        List.of(files, shell),
        List.of(new ResourceGrant("file:///workspace/*", List.of(Operation.READ))),
        List.of(new PromptGrant("review-*", List.of(Operation.GET))));
  }

  static CapabilityToken parentToken() {
    return CapabilityToken.issue(ISSUER, "cap-parent", SUBJECT.publicKey(), delegableScope(), T0, T0 + 3_600);
  }
}
