package sputnik.datasets.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
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
 * A YAML document read into a tree that remembers the line each key and value starts on, so that a
 * mistake found after parsing (a wrong type, an unknown grader) can still be reported as FILE:LINE.
 * Jackson's own trees keep no locations.
 */
final class LocatedYaml {
    private static final YAMLFactory YAML = new YAMLFactory();

    private final JsonNode root;
    private final Map<String, Integer> lines;

    private LocatedYaml(JsonNode root, Map<String, Integer> lines) {
        this.root = root;
        this.lines = lines;
    }

    /** Parses {@code text}; a syntax error is an IOException whose location Jackson reports. */
    static LocatedYaml parse(String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() == null) return new LocatedYaml(JsonNodeFactory.instance.objectNode(), lines);
            JsonNode root = read(p, JsonPointer.empty(), lines);
            if (p.nextToken() != null) throw new IOException("the file holds more than one YAML document; a suite file is one");
            return new LocatedYaml(root, lines);
        }
    }

    JsonNode root() {
        return root;
    }

    /** The line the node at {@code pointer} (or its nearest parent with one) starts on; 1 when none is known. */
    int line(JsonPointer pointer) {
        for (JsonPointer p = pointer; p != null; p = p.head()) {
            Integer l = lines.get(p.toString());
            if (l != null) return l;
        }
        return 1;
    }

    private static JsonNode read(JsonParser p, JsonPointer at, Map<String, Integer> lines) throws IOException {
        lines.putIfAbsent(at.toString(), p.currentTokenLocation().getLineNr());
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonPointer child = at.appendProperty(name);
                lines.put(child.toString(), p.currentTokenLocation().getLineNr());
                p.nextToken();
                if (o.has(name)) throw new IOException("line " + p.currentTokenLocation().getLineNr() + ": key '" + name + "' appears twice");
                o.set(name, read(p, child, lines));
            }
            return o;
        }
        if (t == JsonToken.START_ARRAY) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) a.add(read(p, at.appendIndex(i++), lines));
            return a;
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (t) {
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> f.numberNode(p.getIntValue());
                case LONG -> f.numberNode(p.getLongValue());
                default -> f.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> f.booleanNode(true);
            case VALUE_FALSE -> f.booleanNode(false);
            default -> f.nullNode();
        };
    }
}
