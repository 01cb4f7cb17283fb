package io.chio.protect;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A misbehaving upstream on 127.0.0.1: resets, hangs, or answers with garbage. */
final class RawUpstream implements AutoCloseable {
  enum Mode {
    RESET,
    HANG,
    GARBAGE,
    HALF_BODY,
    /** A response framed two ways (Content-Length and chunked), as a response-splitting upstream would send. */
    AMBIGUOUS,
    /** A response whose headers exceed any sane buffer. */
    HUGE_HEADERS,
    /** An unsolicited protocol switch, then raw bytes. */
    SWITCH_PROTOCOLS,
    /** A status code outside 100-599. */
    BAD_STATUS,
    /** A good response carrying hop-by-hop fields and a forged receipt id. */
    HOP_HEADERS
  }

  final AtomicInteger accepted = new AtomicInteger();
  private final ServerSocket server;
  private final Thread thread;

  RawUpstream(Mode mode) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  accepted.incrementAndGet();
                  new Thread(() -> serve(s, mode)).start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    thread.setDaemon(true);
    thread.start();
  }

  private static void serve(Socket s, Mode mode) {
    try (s) {
      readHead(s.getInputStream());
      switch (mode) {
        case RESET -> {
          s.setSoLinger(true, 0);
        }
        case HANG -> Thread.sleep(10_000);
        case GARBAGE -> {
          s.getOutputStream().write("SSH-2.0-OpenSSH_9.0\r\n\u0000\u0001garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().flush();
        }
        case AMBIGUOUS -> {
          s.getOutputStream().write(
              ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                  + "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nsmuggle").getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().flush();
          Thread.sleep(500);
        }
        case HUGE_HEADERS -> {
          s.getOutputStream().write(
              ("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(200_000) + "\r\nContent-Length: 2\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().flush();
          Thread.sleep(500);
        }
        case SWITCH_PROTOCOLS -> {
          s.getOutputStream().write(
              "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0005hello"
                  .getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().flush();
          Thread.sleep(500);
        }
        case BAD_STATUS -> {
          s.getOutputStream().write("HTTP/1.1 999 Nope\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().flush();
          Thread.sleep(500);
        }
        case HOP_HEADERS -> {
          s.getOutputStream().write(
              ("HTTP/1.1 200 OK\r\nConnection: X-Secret\r\nX-Secret: s\r\nKeep-Alive: timeout=5\r\n"
                  + "Proxy-Authenticate: Basic\r\nX-Chio-Receipt-Id: forged\r\nX-End-To-End: kept\r\nContent-Length: 2\r\n\r\nok")
                  .getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().flush();
          Thread.sleep(500);
        }
        case HALF_BODY -> {
          s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part".getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().flush();
          s.setSoLinger(true, 0);
        }
      }
    } catch (IOException | InterruptedException e) {
      // The proxy's side decides what the caller sees; nothing to do here.
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int state = 0;
    for (int c; (c = in.read()) >= 0; ) {
      state = switch (state) {
        case 0, 2 -> c == '\r' ? state + 1 : 0;
        case 1 -> c == '\n' ? 2 : 0;
        case 3 -> c == '\n' ? 4 : 0;
        default -> 0;
      };
      if (state == 4) {
        return;
      }
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
