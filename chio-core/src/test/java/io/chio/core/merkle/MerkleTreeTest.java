package io.chio.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chio.core.ChioFormatException;
import io.chio.core.crypto.Hex;
import io.chio.core.crypto.Sha256;
import io.chio.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  /** The eight leaves of the Certificate Transparency reference test tree. */
  private static final List<byte[]> CT_LEAVES =
      List.of(
          Hex.decode("", "l0"),
          Hex.decode("00", "l1"),
          Hex.decode("10", "l2"),
          Hex.decode("2021", "l3"),
          Hex.decode("3031", "l4"),
          Hex.decode("40414243", "l5"),
          Hex.decode("5051525354555657", "l6"),
          Hex.decode("606162636465666768696a6b6c6d6e6f", "l7"));

  /**
   * Tree heads for sizes 1..8, as published with the CT test tree and recomputed independently from
   * the RFC 6962 definitions in Python.
   */
  private static final List<String> CT_ROOTS =
      List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  @Test
  void ctTestTreeHeadsAtEverySize() {
    MerkleTree tree = new MerkleTree();
    for (int n = 1; n <= 8; n++) {
      tree.append(CT_LEAVES.get(n - 1));
      assertThat(tree.root().toWire()).isEqualTo("0x" + CT_ROOTS.get(n - 1));
    }
    for (int n = 1; n <= 8; n++) {
      assertThat(tree.root(n).toWire()).as("historical head %d", n).isEqualTo("0x" + CT_ROOTS.get(n - 1));
    }
    assertThat(tree.root(0).toWire()).isEqualTo("0x" + Sha256.hex(new byte[0]));
  }

  @Test
  void ctKnownProofs() {
    MerkleTree tree = MerkleTree.of(CT_LEAVES);
    assertThat(wires(tree.inclusionProof(0).auditPath()))
        .containsExactly(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(wires(tree.inclusionProof(5).auditPath()))
        .containsExactly(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(wires(tree.inclusionProof(2, 3).auditPath()))
        .containsExactly("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
    assertThat(wires(tree.consistencyProof(6, 8).consistencyPath()))
        .containsExactly(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(wires(tree.consistencyProof(2, 5).consistencyPath()))
        .containsExactly(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    assertThat(wires(tree.consistencyProof(3, 7).consistencyPath()))
        .containsExactly(
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e");
    assertThat(tree.consistencyProof(8, 8).consistencyPath()).isEmpty();
  }

  /** Every size 1..64 and every index pair against the recursive RFC 6962 definitions. */
  @Test
  void proofsMatchTheNaiveDefinitionForAllSizesUpTo64() {
    List<byte[]> leaves = IntStream.range(0, 65).mapToObj(i -> ("leaf-" + i).getBytes()).collect(Collectors.toList());
    MerkleTree tree = new MerkleTree();
    for (int n = 1; n <= 64; n++) {
      tree.append(leaves.get(n - 1));
      List<byte[]> prefix = leaves.subList(0, n);
      MerkleHash root = Naive.mth(prefix);
      MerkleHash nextRoot = Naive.mth(leaves.subList(0, n + 1));
      assertThat(tree.root()).isEqualTo(root);
      for (int m = 0; m < n; m++) {
        InclusionProof p = tree.inclusionProof(m);
        assertThat(p.auditPath()).as("PATH(%d, D[%d])", m, n).isEqualTo(Naive.path(m, prefix));
        assertThat(p.verify(leaves.get(m), root)).isTrue();
        assertThat(p.verify(leaves.get((m + 1) % n), root)).isEqualTo(n == 1 ? true : false);
        assertThat(new InclusionProof(m, m, p.auditPath()).verify(leaves.get(m), root)).as("index beyond size").isFalse();
        assertThat(p.verify(leaves.get(m), nextRoot)).as("other root").isFalse();
        if (n > 1) {
          assertThat(new InclusionProof(n, (m + 1) % n, p.auditPath()).verify(leaves.get(m), root)).isFalse();
        }
      }
      for (int m = 1; m <= n; m++) {
        ConsistencyProof c = tree.consistencyProof(m);
        assertThat(c.consistencyPath()).as("PROOF(%d, D[%d])", m, n).isEqualTo(Naive.proof(m, prefix));
        MerkleHash oldRoot = Naive.mth(leaves.subList(0, m));
        assertThat(c.verify(oldRoot, root)).as("consistency %d -> %d", m, n).isTrue();
        if (m < n) {
          assertThat(c.verify(root, root)).isFalse();
          assertThat(c.verify(oldRoot, oldRoot)).isFalse();
          assertThat(new ConsistencyProof(n, m, c.consistencyPath()).verify(oldRoot, root)).as("sizes swapped").isFalse();
          assertThat(c.verify(oldRoot, nextRoot)).as("other new root").isFalse();
        }
      }
    }
  }

  /**
   * Changing any one hash of any proof, dropping a hash or presenting another root makes it fail. (A
   * proof does not pin the tree size by itself: the signed checkpoint binds size and root.)
   */
  @Property(tries = 300)
  void tamperedProofsFail(
      @ForAll @IntRange(min = 2, max = 70) int n, @ForAll @IntRange(min = 0, max = 69) int a, @ForAll @IntRange(min = 0, max = 255) int flip) {
    List<byte[]> leaves = IntStream.range(0, n).mapToObj(i -> new byte[] {(byte) i, (byte) (i >> 8)}).collect(Collectors.toList());
    MerkleTree tree = MerkleTree.of(leaves);
    int m = a % n;
    InclusionProof p = tree.inclusionProof(m);
    for (int i = 0; i < p.auditPath().size(); i++) {
      InclusionProof bad = new InclusionProof(n, m, withFlippedBit(p.auditPath(), i, flip));
      assertThat(bad.verify(leaves.get(m), tree.root())).isFalse();
    }
    assertThat(new InclusionProof(n, m, p.auditPath().subList(0, p.auditPath().size() - 1)).verify(leaves.get(m), tree.root()))
        .isFalse();
    int old = 1 + a % (n - 1);
    ConsistencyProof c = tree.consistencyProof(old);
    for (int i = 0; i < c.consistencyPath().size(); i++) {
      ConsistencyProof bad = new ConsistencyProof(old, n, withFlippedBit(c.consistencyPath(), i, flip));
      assertThat(bad.verify(tree.root(old), tree.root())).isFalse();
    }
    assertThat(c.verify(tree.root(old - 1), tree.root())).as("wrong old root").isFalse();
    assertThat(new ConsistencyProof(0, n, c.consistencyPath()).verify(tree.root(old), tree.root())).isFalse();
  }

  private static List<MerkleHash> withFlippedBit(List<MerkleHash> path, int index, int bit) {
    List<MerkleHash> out = new ArrayList<>(path);
    byte[] b = out.get(index).toBytes();
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    out.set(index, MerkleHash.of(b));
    return out;
  }

  @Test
  void proofsRoundTripThroughJsonAndRejectBadHashes() {
    MerkleTree tree = MerkleTree.of(CT_LEAVES);
    InclusionProof p = tree.inclusionProof(3, 7);
    assertThat(p.toJson().toString()).startsWith("{\"tree_size\":7,\"leaf_index\":3,\"audit_path\":[\"0x");
    assertThat(InclusionProof.fromJson(Json.parse(p.toJson().toString()))).isEqualTo(p);
    ConsistencyProof c = tree.consistencyProof(3, 7);
    assertThat(ConsistencyProof.fromJson(Json.parse(c.toJson().toString()))).isEqualTo(c);
    assertThatThrownBy(() -> InclusionProof.fromJson(Json.parse("{\"tree_size\":1,\"leaf_index\":0,\"audit_path\":[\"" + "ab".repeat(32) + "\"]}")))
        .isInstanceOf(ChioFormatException.class)
        .hasMessageContaining("inclusion_proof.audit_path[0]");
    assertThatThrownBy(() -> MerkleHash.fromWire("0x" + "AB".repeat(32), "h")).isInstanceOf(ChioFormatException.class);
    assertThatThrownBy(() -> tree.inclusionProof(8)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> tree.consistencyProof(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.root(9)).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> wires(List<MerkleHash> hashes) {
    return hashes.stream().map(h -> h.toWire().substring(2)).collect(Collectors.toList());
  }

  /** The RFC 6962 section 2.1 definitions, transcribed recursively over leaf lists. */
  static final class Naive {
    static MerkleHash mth(List<byte[]> d) {
      if (d.isEmpty()) {
        return MerkleHash.of(Sha256.digest(new byte[0]));
      }
      if (d.size() == 1) {
        return Rfc6962.leafHash(d.get(0));
      }
      int k = k(d.size());
      return Rfc6962.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    static List<MerkleHash> path(int m, List<byte[]> d) {
      List<MerkleHash> out = new ArrayList<>();
      if (d.size() <= 1) {
        return out;
      }
      int k = k(d.size());
      if (m < k) {
        out.addAll(path(m, d.subList(0, k)));
        out.add(mth(d.subList(k, d.size())));
      } else {
        out.addAll(path(m - k, d.subList(k, d.size())));
        out.add(mth(d.subList(0, k)));
      }
      return out;
    }

    static List<MerkleHash> proof(int m, List<byte[]> d) {
      return subproof(m, d, true);
    }

    private static List<MerkleHash> subproof(int m, List<byte[]> d, boolean b) {
      List<MerkleHash> out = new ArrayList<>();
      int n = d.size();
      if (m == n) {
        if (!b) {
          out.add(mth(d));
        }
        return out;
      }
      int k = k(n);
      if (m <= k) {
        out.addAll(subproof(m, d.subList(0, k), b));
        out.add(mth(d.subList(k, n)));
      } else {
        out.addAll(subproof(m - k, d.subList(k, n), false));
        out.add(mth(d.subList(0, k)));
      }
      return out;
    }

    private static int k(int n) {
      int k = 1;
      while (k * 2 < n) {
        k *= 2;
      }
      return k;
    }
  }
}
