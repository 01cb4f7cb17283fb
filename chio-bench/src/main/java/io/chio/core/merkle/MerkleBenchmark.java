package io.chio.core.merkle;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Appending a receipt-sized leaf, and an inclusion proof in a 1M-leaf tree (make and check). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MerkleBenchmark {
  private static final int SIZE = 1 << 20;
  private byte[] leaf;
  private MerkleTree growing;
  private MerkleTree full;
  private MerkleHash root;
  private InclusionProof proof;
  private byte[] provenLeaf;
  private long index;

  @Setup(Level.Trial)
  public void setup() {
    leaf = new byte[700];
    full = new MerkleTree();
    for (int i = 0; i < SIZE; i++) {
      leaf[0] = (byte) i;
      leaf[1] = (byte) (i >>> 8);
      leaf[2] = (byte) (i >>> 16);
      full.append(leaf);
    }
    root = full.root();
    index = 777_777;
    provenLeaf = leaf.clone();
    provenLeaf[0] = (byte) index;
    provenLeaf[1] = (byte) (index >>> 8);
    provenLeaf[2] = (byte) (index >>> 16);
    proof = full.inclusionProof(index);
    growing = new MerkleTree();
  }

  @Setup(Level.Iteration)
  public void freshTree() {
    growing = new MerkleTree();
  }

  @Benchmark
  public long append() {
    return growing.append(leaf);
  }

  @Benchmark
  public InclusionProof prove() {
    return full.inclusionProof(index);
  }

  @Benchmark
  public boolean verifyProof() {
    return proof.verify(provenLeaf, root);
  }
}
