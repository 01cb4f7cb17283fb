package io.chio.core.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.json.Fields;
import io.chio.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * RFC 6962 section 2.1.2 proof that the tree of {@code oldTreeSize} leaves is a prefix of the tree
 * of {@code newTreeSize} leaves: {@code {old_tree_size, new_tree_size, consistency_path: ["0x..",
 * ...]}}. Equal sizes have an empty path.
 */
public record ConsistencyProof(long oldTreeSize, long newTreeSize, List<MerkleHash> consistencyPath) {
  private static final Set<String> FIELDS = Set.of("old_tree_size", "new_tree_size", "consistency_path");

  public ConsistencyProof {
    consistencyPath = List.copyOf(consistencyPath);
  }

  /**
   * RFC 9162 section 2.1.4.2: true when {@code oldRoot} (of the old size) and {@code newRoot} (of the
   * new size) are heads of one append-only log. Never throws for a malformed proof.
   */
  public boolean verify(MerkleHash oldRoot, MerkleHash newRoot) {
    Objects.requireNonNull(oldRoot, "oldRoot");
    Objects.requireNonNull(newRoot, "newRoot");
    if (oldTreeSize <= 0 || oldTreeSize > newTreeSize) {
      return false;
    }
    if (oldTreeSize == newTreeSize) {
      return consistencyPath.isEmpty() && oldRoot.equals(newRoot);
    }
    List<byte[]> path = new ArrayList<>(consistencyPath.size() + 1);
    if (Rfc6962.isPowerOfTwo(oldTreeSize)) {
      path.add(oldRoot.raw());
    }
    consistencyPath.forEach(h -> path.add(h.raw()));
    if (path.isEmpty()) {
      return false;
    }
    long fn = oldTreeSize - 1;
    long sn = newTreeSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc6962.node(c, fr);
        sr = Rfc6962.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = Rfc6962.node(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MerkleHash.wrap(fr).equals(oldRoot) && MerkleHash.wrap(sr).equals(newRoot);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object().put("old_tree_size", oldTreeSize).put("new_tree_size", newTreeSize);
    ArrayNode path = o.putArray("consistency_path");
    consistencyPath.forEach(h -> path.add(h.toWire()));
    return o;
  }

  public static ConsistencyProof fromJson(JsonNode json) {
    final String p = "consistency_proof";
    ObjectNode o = Fields.asObject(json, p);
    Fields.onlyKnown(o, FIELDS, p);
    return new ConsistencyProof(
        Fields.u63(o, "old_tree_size", p), Fields.u63(o, "new_tree_size", p), InclusionProof.hashes(o, "consistency_path", p));
  }
}
