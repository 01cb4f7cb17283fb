package io.chio.core.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An append-only RFC 6962 Merkle tree. Appending is amortised O(1) hashes: every complete, aligned
 * power-of-two subtree is hashed once when its last leaf arrives and kept, so the head at any
 * earlier size and every proof take O(log n) hashes. An odd node at the end of a level is promoted
 * unchanged, which makes the root the RFC 6962 tree head.
 *
 * <p>Not thread-safe; memory is about 64 bytes per leaf. At most {@value #MAX_LEAVES} leaves.
 */
public final class MerkleTree {
  /** Each level is one byte array, so a level holds at most this many 32-byte hashes. */
  public static final int MAX_LEAVES = Integer.MAX_VALUE / MerkleHash.LENGTH - 8;

  /** levels.get(k) holds the hashes of the complete subtrees of 2^k leaves, left to right. */
  private final List<HashList> levels = new ArrayList<>();

  public MerkleTree() {
    levels.add(new HashList());
  }

  /** A tree over {@code leaves} (each leaf is hashed as RFC 6962 leaf data). */
  public static MerkleTree of(List<byte[]> leaves) {
    MerkleTree t = new MerkleTree();
    leaves.forEach(t::append);
    return t;
  }

  public long size() {
    return levels.get(0).size();
  }

  /** Appends the leaf {@code SHA-256(0x00 || data)}; returns its index. */
  public long append(byte[] leafData) {
    return appendLeafHash(Rfc6962.leafHash(leafData));
  }

  /** Appends an already computed leaf hash; returns its index. */
  public long appendLeafHash(MerkleHash leafHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    HashList leaves = levels.get(0);
    if (leaves.size() >= MAX_LEAVES) {
      throw new IllegalStateException("Merkle tree is full (" + MAX_LEAVES + " leaves)");
    }
    leaves.add(leafHash.raw());
    long index = leaves.size() - 1;
    long i = index;
    for (int level = 0; (i & 1) == 1; level++, i >>= 1) {
      if (levels.size() == level + 1) {
        levels.add(new HashList());
      }
      HashList current = levels.get(level);
      levels.get(level + 1).add(Rfc6962.node(current.get((int) i - 1), current.get((int) i)));
    }
    return index;
  }

  public MerkleHash leafHash(long index) {
    checkIndex(index, size(), "leaf index");
    return MerkleHash.wrap(levels.get(0).get((int) index));
  }

  /** The tree head at the current size. */
  public MerkleHash root() {
    return root(size());
  }

  /** The tree head the log had when it held {@code treeSize} leaves; size 0 gives {@code SHA-256("")}. */
  public MerkleHash root(long treeSize) {
    checkSize(treeSize);
    return treeSize == 0 ? Rfc6962.emptyRoot() : MerkleHash.wrap(subtree(0, treeSize));
  }

  public InclusionProof inclusionProof(long leafIndex) {
    return inclusionProof(leafIndex, size());
  }

  /** Audit path for {@code leafIndex} in the tree of the first {@code treeSize} leaves. */
  public InclusionProof inclusionProof(long leafIndex, long treeSize) {
    checkSize(treeSize);
    checkIndex(leafIndex, treeSize, "leaf index");
    List<MerkleHash> path = new ArrayList<>();
    auditPath(leafIndex, 0, treeSize, path);
    return new InclusionProof(treeSize, leafIndex, path);
  }

  public ConsistencyProof consistencyProof(long oldTreeSize) {
    return consistencyProof(oldTreeSize, size());
  }

  /** Proof that the first {@code oldTreeSize} leaves are a prefix of the first {@code newTreeSize}. */
  public ConsistencyProof consistencyProof(long oldTreeSize, long newTreeSize) {
    checkSize(newTreeSize);
    if (oldTreeSize < 1 || oldTreeSize > newTreeSize) {
      throw new IllegalArgumentException(
          "old tree size must be between 1 and the new tree size " + newTreeSize + ", got " + oldTreeSize);
    }
    List<MerkleHash> path = new ArrayList<>();
    subproof(oldTreeSize, 0, newTreeSize, true, path);
    return new ConsistencyProof(oldTreeSize, newTreeSize, path);
  }

  /** MTH of leaves [start, start + n); n at least 1. */
  private byte[] subtree(long start, long n) {
    if (Rfc6962.isPowerOfTwo(n) && start % n == 0) {
      // Complete and aligned, so it was stored when its last leaf was appended.
      return levels.get(Long.numberOfTrailingZeros(n)).get((int) (start / n));
    }
    long k = Rfc6962.split(n);
    return Rfc6962.node(subtree(start, k), subtree(start + k, n - k));
  }

  /** RFC 6962 PATH(m, D[start:start+n]), appended bottom-up. */
  private void auditPath(long m, long start, long n, List<MerkleHash> out) {
    if (n == 1) {
      return;
    }
    long k = Rfc6962.split(n);
    if (m < k) {
      auditPath(m, start, k, out);
      out.add(MerkleHash.wrap(subtree(start + k, n - k)));
    } else {
      auditPath(m - k, start + k, n - k, out);
      out.add(MerkleHash.wrap(subtree(start, k)));
    }
  }

  /** RFC 6962 SUBPROOF(m, D[start:start+n], b), appended in proof order. */
  private void subproof(long m, long start, long n, boolean whole, List<MerkleHash> out) {
    if (m == n) {
      if (!whole) {
        out.add(MerkleHash.wrap(subtree(start, n)));
      }
      return;
    }
    long k = Rfc6962.split(n);
    if (m <= k) {
      subproof(m, start, k, whole, out);
      out.add(MerkleHash.wrap(subtree(start + k, n - k)));
    } else {
      subproof(m - k, start + k, n - k, false, out);
      out.add(MerkleHash.wrap(subtree(start, k)));
    }
  }

  private void checkSize(long treeSize) {
    if (treeSize < 0 || treeSize > size()) {
      throw new IllegalArgumentException("tree size " + treeSize + " is outside 0.." + size());
    }
  }

  private static void checkIndex(long index, long bound, String what) {
    if (index < 0 || index >= bound) {
      throw new IndexOutOfBoundsException(what + " " + index + " is outside 0.." + (bound - 1));
    }
  }

  /** Growable array of 32-byte hashes in one byte array. */
  private static final class HashList {
    private byte[] data = new byte[MerkleHash.LENGTH * 16];
    private int size;

    int size() {
      return size;
    }

    void add(byte[] hash) {
      int offset = size * MerkleHash.LENGTH;
      if (offset + MerkleHash.LENGTH > data.length) {
        long grown = Math.min((long) data.length * 2, (long) (MAX_LEAVES + 8) * MerkleHash.LENGTH);
        data = Arrays.copyOf(data, (int) grown);
      }
      System.arraycopy(hash, 0, data, offset, MerkleHash.LENGTH);
      size++;
    }

    byte[] get(int i) {
      int offset = i * MerkleHash.LENGTH;
      return Arrays.copyOfRange(data, offset, offset + MerkleHash.LENGTH);
    }
  }
}
