package io.chio.core.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * CPU time per bare Ed25519 signature of a receipt-sized message, from the signing thread's own CPU
 * clock: unlike JMH's wall-clock rate it does not inflate when other processes share the cores, so
 * protect-load.sh can compare it with the CPU chio spends per call under the same load.
 *
 * <p>Usage: {@code java -cp chio-benchmarks.jar io.chio.core.crypto.SignCpuCost [SIGNATURES]}; prints
 * the median of five rounds in microseconds.
 */
public final class SignCpuCost {
  private SignCpuCost() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Ed25519SigningKey key = Ed25519SigningKey.fromSeed(new byte[32]);
    byte[] message = new byte[700];
    Arrays.fill(message, (byte) 'a');
    byte[] last = new byte[0];
    for (int i = 0; i < 2 * n; i++) { // warm-up: let the JIT compile the signing path
      message[i % message.length] = (byte) i;
      last = key.sign(message).toBytes();
    }
    double[] rounds = new double[5];
    for (int r = 0; r < rounds.length; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        message[i % message.length] = (byte) i;
        last = key.sign(message).toBytes();
      }
      rounds[r] = (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / n;
    }
    if (last.length != 64) { // uses the result, so the JIT cannot drop the signing
      throw new IllegalStateException("unexpected signature length " + last.length);
    }
    Arrays.sort(rounds);
    System.out.printf("%.1f%n", rounds[rounds.length / 2]);
  }
}
