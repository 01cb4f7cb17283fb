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
 * RFC 6962 audit path for one leaf: {@code {tree_size, leaf_index, audit_path: ["0x..", ...]}},
 * siblings bottom-up, no entry for levels where the node was promoted.
 */
public record InclusionProof(long treeSize, long leafIndex, List<MerkleHash> auditPath) {
  private static final Set<String> FIELDS = Set.of("tree_size", "leaf_index", "audit_path");

  public InclusionProof {
    auditPath = List.copyOf(auditPath);
  }

  /** True when {@code leafData} is the leaf at {@code leafIndex} of the tree with head {@code root}. */
  public boolean verify(byte[] leafData, MerkleHash root) {
    return verifyLeafHash(Rfc6962.leafHash(leafData), root);
  }

  /** RFC 9162 section 2.1.3.2. Never throws for a malformed proof; it just does not verify. */
  public boolean verifyLeafHash(MerkleHash leafHash, MerkleHash root) {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(root, "root");
    if (leafIndex < 0 || leafIndex >= treeSize) {
      return false;
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash.raw();
    for (MerkleHash p : auditPath) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Rfc6962.node(p.raw(), r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = Rfc6962.node(r, p.raw());
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MerkleHash.wrap(r).equals(root);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object().put("tree_size", treeSize).put("leaf_index", leafIndex);
    ArrayNode path = o.putArray("audit_path");
    auditPath.forEach(h -> path.add(h.toWire()));
    return o;
  }

  public static InclusionProof fromJson(JsonNode json) {
    final String p = "inclusion_proof";
    ObjectNode o = Fields.asObject(json, p);
    Fields.onlyKnown(o, FIELDS, p);
    return new InclusionProof(Fields.u63(o, "tree_size", p), Fields.u63(o, "leaf_index", p), hashes(o, "audit_path", p));
  }

  static List<MerkleHash> hashes(ObjectNode o, String field, String path) {
    ArrayNode a = Fields.array(o, field, path);
    List<MerkleHash> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      String at = path + "." + field + "[" + i + "]";
      out.add(MerkleHash.fromWire(Fields.asText(a.get(i), at), at));
    }
    return out;
  }
}
