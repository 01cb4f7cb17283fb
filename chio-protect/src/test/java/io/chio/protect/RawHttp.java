package io.chio.protect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends raw bytes over a socket and reads what comes back until the peer closes or goes quiet. */
final class RawHttp {
  private RawHttp() {}

  static String exchange(int port, String request) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  static String exchange(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(3000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
        }
      } catch (SocketTimeoutException | java.net.SocketException e) {
        // The proxy kept the connection open or reset it; what arrived is the answer.
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  static int status(String response) {
    if (!response.startsWith("HTTP/1.1 ")) {
      return -1;
    }
    return Integer.parseInt(response.substring(9, 12));
  }

  static String header(String response, String name) {
    for (String line : response.split("\r\n")) {
      if (line.isEmpty()) {
        break;
      }
      int c = line.indexOf(':');
      if (c > 0 && line.substring(0, c).equalsIgnoreCase(name)) {
        return line.substring(c + 1).strip();
      }
    }
    return null;
  }

  /** How many HTTP status lines the response stream holds (two means a request got smuggled through). */
  static int responses(String response) {
    int n = 0;
    for (int i = response.indexOf("HTTP/1.1 "); i >= 0; i = response.indexOf("HTTP/1.1 ", i + 1)) {
      n++;
    }
    return n;
  }
}
