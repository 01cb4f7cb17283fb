package io.chio.protect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A TCP relay in front of an upstream that keeps every byte sent towards it: what the upstream
 * received on the wire, including fragments no HTTP parser would turn into a request.
 */
final class ByteTap implements AutoCloseable {
  private final ServerSocket server;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  ByteTap(URI target) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket in = server.accept();
                  Socket out = new Socket(target.getHost(), target.getPort());
                  pump(in, out, true);
                  pump(out, in, false);
                } catch (IOException e) {
                  return;
                }
              }
            },
            "byte-tap");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void pump(Socket from, Socket to, boolean record) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                  if (record) {
                    synchronized (received) {
                      received.write(buf, 0, n);
                    }
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // Either side closed; the relay ends with it.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "byte-tap-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Number of bytes the upstream has been sent so far. */
  long size() {
    synchronized (received) {
      return received.size();
    }
  }

  /** Everything sent to the upstream since {@code from} bytes, as ISO-8859-1 text. */
  String since(long from) {
    synchronized (received) {
      byte[] all = received.toByteArray();
      return new String(all, (int) from, all.length - (int) from, StandardCharsets.ISO_8859_1);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
