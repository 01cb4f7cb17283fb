package io.chio.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chio.core.crypto.Ed25519SigningKey;
import io.chio.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** File and stream helpers shared by the commands. */
public final class Io {
  private Io() {}

  /** Reads a file, or stdin for {@code -}. */
  public static byte[] read(String fileOrDash) throws IOException {
    if (fileOrDash == null || fileOrDash.equals("-")) {
      return System.in.readAllBytes();
    }
    return Files.readAllBytes(Path.of(fileOrDash));
  }

  /** Reads a 32-byte Ed25519 seed stored as hex (surrounding whitespace ignored). */
  public static Ed25519SigningKey readSeed(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      return Ed25519SigningKey.fromSeedHex(text);
    } catch (io.chio.core.ChioFormatException e) {
      throw new UserError(file + ": " + e.getMessage());
    }
  }

  /** Writes a secret file readable only by its owner; refuses to overwrite an existing file. */
  public static void writeSecret(Path file, String content) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new UserError(file + " already exists; refusing to overwrite a key file");
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Prints one compact JSON document followed by a newline. */
  public static void printJson(PrintWriter out, JsonNode node) {
    try {
      out.println(Json.mapper().writeValueAsString(node));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise output", e);
    }
  }
}
