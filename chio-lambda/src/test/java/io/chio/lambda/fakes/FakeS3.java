package io.chio.lambda.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/** An S3 stand-in for tests: path-style PutObject and GetObject ({@code /bucket/key}), objects in memory. */
public final class FakeS3 implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

  public FakeS3() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "fake-s3");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Objects by {@code bucket/key}. */
  public Map<String, byte[]> objects() {
    return Map.copyOf(objects);
  }

  public void put(String bucketKey, byte[] bytes) {
    objects.put(bucketKey, bytes.clone());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath().substring(1);
      byte[] body = ex.getRequestBody().readAllBytes();
      switch (ex.getRequestMethod()) {
        case "PUT" -> {
          String sha = ex.getRequestHeaders().getFirst("x-amz-content-sha256");
          // Plain-HTTP uploads are signed per chunk (aws-chunked), as real S3 accepts them.
          objects.put(path, sha != null && sha.startsWith("STREAMING-") ? unchunk(body) : body);
          ex.getResponseHeaders().set("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"");
          ex.sendResponseHeaders(200, -1);
        }
        case "GET" -> {
          byte[] o = objects.get(path);
          if (o == null) {
            byte[] err = "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>".getBytes();
            ex.getResponseHeaders().set("Content-Type", "application/xml");
            ex.sendResponseHeaders(404, err.length);
            ex.getResponseBody().write(err);
          } else {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, o.length);
            ex.getResponseBody().write(o);
          }
        }
        default -> ex.sendResponseHeaders(405, -1);
      }
    }
  }

  /** Decodes {@code aws-chunked}: {@code hex-size;chunk-signature=...\r\n data \r\n}, until a 0-size chunk. */
  static byte[] unchunk(byte[] in) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int i = 0;
    while (i < in.length) {
      int eol = i;
      while (eol + 1 < in.length && !(in[eol] == '\r' && in[eol + 1] == '\n')) {
        eol++;
      }
      String header = new String(in, i, eol - i, java.nio.charset.StandardCharsets.US_ASCII);
      int size = Integer.parseInt(header.split(";", 2)[0].strip(), 16);
      i = eol + 2;
      if (size == 0) {
        break;
      }
      out.write(in, i, size);
      i += size + 2;
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
