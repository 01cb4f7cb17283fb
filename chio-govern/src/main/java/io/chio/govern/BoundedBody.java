package io.chio.govern;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to the policy limit plus one byte, so a 10 MB upload is refused without being buffered whole. */
public final class BoundedBody {
  private BoundedBody() {}

  /** At most {@code limit + 1} bytes of {@code in}; a result longer than {@code limit} means "too large". */
  public static byte[] read(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit + 1, 64 * 1024));
    byte[] buf = new byte[8192];
    long remaining = (long) limit + 1;
    while (remaining > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
      if (n < 0) {
        break;
      }
      out.write(buf, 0, n);
      remaining -= n;
    }
    return out.toByteArray();
  }
}
