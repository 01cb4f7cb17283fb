package io.chio.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chio.core.ChioFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one strict JSON reader used for every signed or hashed document: duplicate keys, trailing
 * tokens, NaN and comments are rejected, and integers are never routed through {@code double}.
 */
public final class Json {
  /** Nesting limit; deeper documents are rejected rather than risking a stack overflow. */
  public static final int MAX_DEPTH = 256;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
  }

  private Json() {}

  /** The shared, strictly configured mapper. Treat as read-only. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static JsonNode parse(byte[] utf8) {
    try {
      JsonNode node = MAPPER.readTree(utf8);
      if (node == null || node.isMissingNode()) {
        throw new ChioFormatException("malformed JSON: empty input");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ChioFormatException("malformed JSON: " + oneLine(e), e);
    } catch (IOException e) {
      throw new ChioFormatException("malformed JSON: " + e.getMessage(), e);
    }
  }

  public static JsonNode parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses and requires a JSON object at the top level. */
  public static ObjectNode parseObject(byte[] utf8, String what) {
    JsonNode node = parse(utf8);
    if (!node.isObject()) {
      throw new ChioFormatException(what + ": expected a JSON object, got " + Fields.kind(node));
    }
    return (ObjectNode) node;
  }

  private static String oneLine(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    var loc = e.getLocation();
    String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    return msg.replace('\n', ' ') + where;
  }
}
