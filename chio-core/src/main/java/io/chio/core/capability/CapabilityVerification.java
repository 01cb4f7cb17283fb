package io.chio.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Json;
import java.util.Objects;

/**
 * The outcome of {@link CapabilityVerifier#verify}. A token may be used only when {@link #valid()}.
 *
 * @param signatureValid the issuer's Ed25519 signature verifies (and any attenuation proof is
 *     self-consistent)
 * @param delegationChainShapeValid depth within the limit, every link signature verifies, links
 *     connect and timestamps never decrease
 * @param timeStatus {@code issued_at <= now < expires_at}
 * @param trusted the issuer key is one of the verifier's trusted issuers
 */
public record CapabilityVerification(
    boolean signatureValid, boolean delegationChainShapeValid, TimeStatus timeStatus, boolean trusted) {

  public CapabilityVerification {
    Objects.requireNonNull(timeStatus, "timeStatus");
  }

  public boolean timeValid() {
    return timeStatus == TimeStatus.VALID;
  }

  /** True only when every check passed. */
  public boolean valid() {
    return signatureValid && delegationChainShapeValid && timeValid() && trusted;
  }

  /**
   * {@code {"signature_valid","delegation_chain_shape_valid","time_status","trusted","valid"}}, the
   * object the CLI prints.
   */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("signature_valid", signatureValid);
    o.put("delegation_chain_shape_valid", delegationChainShapeValid);
    o.put("time_status", timeStatus.wireName());
    o.put("trusted", trusted);
    o.put("valid", valid());
    return o;
  }
}
