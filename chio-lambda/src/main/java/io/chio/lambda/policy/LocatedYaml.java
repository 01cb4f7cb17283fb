package io.chio.lambda.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read into a JSON tree, remembering the line of every node (by JSON pointer) so
 * that validation errors can say {@code file:line}. Duplicate keys are refused.
 */
final class LocatedYaml {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final JsonNode root;
  private final Map<String, Integer> lines;
  private final String source;

  private LocatedYaml(JsonNode root, Map<String, Integer> lines, String source) {
    this.root = root;
    this.lines = lines;
    this.source = source;
  }

  static LocatedYaml read(String text, String source) throws LambdaPolicyException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new LambdaPolicyException(source + ":1: the policy file is empty");
      }
      JsonNode root = value(p, t, "", lines);
      if (p.nextToken() != null) {
        throw new LambdaPolicyException(source + ":" + p.currentLocation().getLineNr() + ": only one YAML document is allowed");
      }
      return new LocatedYaml(root, lines, source);
    } catch (IOException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n", 2)[0];
      int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
          ? jpe.getLocation().getLineNr() : 1;
      throw new LambdaPolicyException(source + ":" + line + ": not valid YAML: " + msg);
    }
  }

  private static JsonNode value(JsonParser p, JsonToken t, String ptr, Map<String, Integer> lines) throws IOException {
    lines.put(ptr, p.currentTokenLocation().getLineNr());
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = f.objectNode();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = ptr + "/" + name.replace("~", "~0").replace("/", "~1");
          lines.put(child, p.currentTokenLocation().getLineNr());
          o.set(name, value(p, p.nextToken(), child, lines));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = f.arrayNode();
        int i = 0;
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          a.add(value(p, e, ptr + "/" + i++, lines));
        }
        return a;
      }
      case VALUE_STRING -> {
        return f.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return f.numberNode(p.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return f.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return f.booleanNode(t == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return f.nullNode();
      }
      default -> throw new IOException("unexpected YAML token " + t);
    }
  }

  JsonNode root() {
    return root;
  }

  /** {@code file:line} of the node at {@code pointer} (or of its nearest located parent). */
  String where(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return source + ":" + line;
      }
      if (p.isEmpty()) {
        return source + ":1";
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }
}
