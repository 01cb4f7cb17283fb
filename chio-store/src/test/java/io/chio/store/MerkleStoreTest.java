package io.chio.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chio.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored tree against a direct transcription of RFC 6962's recursive definitions. */
class MerkleStoreTest {
  static final MerkleStore.Hasher H =
      new MerkleStore.Hasher() {
        @Override
        public byte[] leaf(byte[] leafBytes) {
          return Sha256.digest((byte) 0, leafBytes, null);
        }

        @Override
        public byte[] node(byte[] left, byte[] right) {
          return Sha256.digest((byte) 1, left, right);
        }
      };

  @TempDir Path dir;

  private static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(("leaf-" + i).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  static byte[] mth(List<byte[]> d) {
    if (d.size() == 1) {
      return H.leaf(d.get(0));
    }
    int k = Integer.highestOneBit(d.size() - 1);
    return H.node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  static List<byte[]> path(int m, List<byte[]> d) {
    List<byte[]> out = new ArrayList<>();
    if (d.size() == 1) {
      return out;
    }
    int k = Integer.highestOneBit(d.size() - 1);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(path(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    List<byte[]> out = new ArrayList<>();
    int n = d.size();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  private static void assertSameHashes(List<byte[]> a, List<byte[]> b, String what) {
    assertThat(a).as(what).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(Arrays.equals(a.get(i), b.get(i))).as(what + " entry " + i).isTrue();
    }
  }

  @Test
  void rootsPathsAndConsistencyMatchRfc6962ForEverySizeUpTo70() throws Exception {
    List<byte[]> all = leaves(70);
    MerkleStore store = new MerkleStore(H);
    try (Connection c = Sqlite.openReadWrite(dir.resolve("m.db"))) {
      ReceiptSchema.create(c);
      MerkleStore.Frontier f = store.loadFrontier(c, 0);
      // Append in uneven batches, as checkpoints do.
      int[] batches = {1, 2, 5, 1, 13, 7, 32, 9};
      int pos = 0;
      for (int b : batches) {
        List<byte[]> batch = all.subList(pos, pos + b);
        MerkleStore.insert(c, store.append(f, batch));
        pos += b;
        assertThat(store.root(f)).isEqualTo(mth(all.subList(0, pos)));
        // Reloading the frontier from disk gives the same tree.
        MerkleStore.Frontier reloaded = store.loadFrontier(c, pos);
        assertThat(store.root(reloaded)).isEqualTo(store.root(f));
      }
      assertThat(pos).isEqualTo(70);
      for (int n = 1; n <= 70; n++) {
        List<byte[]> d = all.subList(0, n);
        assertThat(store.root(c, n)).as("root of %d", n).isEqualTo(mth(d));
        for (int m = 0; m < n; m++) {
          assertSameHashes(store.auditPath(c, m, n), path(m, d), "path " + m + " of " + n);
        }
        for (int m = 1; m <= n; m++) {
          assertSameHashes(store.consistencyPath(c, m, n), m == n ? List.of() : subproof(m, d, true),
              "consistency " + m + " -> " + n);
        }
      }
    }
  }
}
