package io.chio.kernel.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads one YAML document into a JSON tree while recording where each member and element starts.
 * Duplicate keys, multiple documents, non-finite numbers, binary/tagged values and excessive
 * nesting are rejected: a policy is security configuration and must mean exactly one thing.
 */
final class YamlTreeReader {
  static final int MAX_DEPTH = 64;
  static final int MAX_CODE_POINTS = 1 << 20;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final YAMLFactory FACTORY;

  static {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    FACTORY = YAMLFactory.builder().loaderOptions(options).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  }

  private final String source;
  private final Map<String, String> positions = new HashMap<>();

  private YamlTreeReader(String source) {
    this.source = source;
  }

  static SourceTree read(String yaml, String source) throws PolicyException {
    YamlTreeReader r = new YamlTreeReader(source);
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new PolicyException(source, "the policy is empty; it must start with hushspec: \"0.1.0\"");
      }
      if (first != JsonToken.START_OBJECT) {
        throw new PolicyException(r.where(p.currentTokenLocation()), "a policy must be a YAML mapping, got " + describe(first));
      }
      ObjectNode root = (ObjectNode) r.value(p, "", 0);
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new PolicyException(r.where(p.currentTokenLocation()), "only one YAML document is allowed in a policy file");
      }
      return new SourceTree(source, root, r.positions);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
      throw new PolicyException(loc == null ? source : r.where(loc), "invalid YAML: " + firstLine(msg));
    } catch (IOException | RuntimeException e) {
      // SnakeYAML reports some limits (alias counts, code points) as unchecked exceptions.
      throw new PolicyException(source, "invalid YAML: " + firstLine(String.valueOf(e.getMessage())));
    }
  }

  private JsonNode value(JsonParser p, String path, int depth) throws IOException, PolicyException {
    if (depth > MAX_DEPTH) {
      throw new PolicyException(where(p.currentTokenLocation()), "nesting deeper than " + MAX_DEPTH + " levels");
    }
    // Jackson reports an alias as a plain string holding the anchor's name; that would silently
    // change the policy's meaning, so aliases are refused outright.
    if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
      throw new PolicyException(where(p.currentTokenLocation()), "YAML aliases (*" + p.getText() + ") are not supported in policies; write the value out");
    }
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode obj = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String childPath = SourceTree.child(path, name);
          positions.put(childPath, position(p.currentTokenLocation()));
          p.nextToken();
          obj.set(name, value(p, childPath, depth + 1));
        }
        return obj;
      }
      case START_ARRAY -> {
        ArrayNode arr = NODES.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          String childPath = SourceTree.child(path, i++);
          positions.put(childPath, position(p.currentTokenLocation()));
          arr.add(value(p, childPath, depth + 1));
        }
        return arr;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
          throw new PolicyException(where(p.currentTokenLocation()), "numbers must be finite (.inf and .nan are not allowed)");
        }
        return NODES.numberNode(d);
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new PolicyException(where(p.currentTokenLocation()), "unsupported YAML value (" + describe(t) + ")");
    }
  }

  private String where(JsonLocation loc) {
    return source + ":" + position(loc);
  }

  private static String position(JsonLocation loc) {
    return loc.getLineNr() + ":" + loc.getColumnNr();
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
