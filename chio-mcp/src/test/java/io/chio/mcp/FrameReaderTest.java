package io.chio.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  private static List<String> frames(String input, int max) throws IOException {
    return frames(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), max);
  }

  private static List<String> frames(InputStream in, int max) throws IOException {
    FrameReader r = new FrameReader(in, max);
    List<String> out = new ArrayList<>();
    while (true) {
      FrameReader.Frame f = r.next();
      if (f instanceof FrameReader.Frame.Line l) {
        out.add("L:" + new String(l.bytes(), StandardCharsets.UTF_8));
      } else if (f instanceof FrameReader.Frame.Oversized o) {
        out.add("O:" + o.length());
      } else if (f instanceof FrameReader.Frame.Truncated t) {
        out.add("T:" + t.length());
        return out;
      } else {
        out.add("E");
        return out;
      }
    }
  }

  @Test
  void splitsOnNewlinesDropsCrAndSkipsBlankLines() throws IOException {
    assertThat(frames("a\r\n\n\nbc\n", 10)).containsExactly("L:a", "L:bc", "E");
  }

  @Test
  void aFrameOfExactlyTheLimitPassesOneMoreByteDoesNot() throws IOException {
    assertThat(frames("12345\n123456\nok\n", 5)).containsExactly("L:12345", "O:6", "L:ok", "E");
    assertThat(frames("12345\r\n", 5)).containsExactly("L:12345", "E");
  }

  @Test
  void anOversizedFrameIsSkippedWithoutBufferingItAndTheStreamStaysInSync() throws IOException {
    String huge = "x".repeat(1_000_000);
    assertThat(frames("{\"a\":1}\n" + huge + "\n{\"b\":2}\n", 1024))
        .containsExactly("L:{\"a\":1}", "O:1000000", "L:{\"b\":2}", "E");
  }

  @Test
  void bytesAfterTheLastNewlineAreATruncatedFrameNotAMessage() throws IOException {
    assertThat(frames("a\n{\"id\":1", 100)).containsExactly("L:a", "T:7");
    assertThat(frames("", 100)).containsExactly("E");
  }

  /** However the bytes arrive (one at a time, in odd chunks), the frames are the same. */
  @Property(tries = 200)
  void framingDoesNotDependOnHowReadsAreChunked(@ForAll @IntRange(min = 1, max = 17) int chunk,
      @ForAll @IntRange(min = 3, max = 12) int max) throws IOException {
    String input = "abc\r\n\nlonger-than-twelve-bytes\n0123456789ab\nx\n\r\nend";
    List<String> whole = frames(input, max);
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    InputStream trickle = new InputStream() {
      int pos;

      @Override
      public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= bytes.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, chunk), bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
      }
    };
    assertThat(frames(trickle, max)).isEqualTo(whole);
    assertThat(whole.get(whole.size() - 1)).isEqualTo("T:3");
  }
}
