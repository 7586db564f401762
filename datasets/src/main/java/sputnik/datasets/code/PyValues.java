package sputnik.datasets.code;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JVM's side of codec.py's tagged values: JSON test inputs turned into Python arguments, and a
 * returned Python value compared with a JSON expected value under Python's {@code ==}, which is what
 * LiveCodeBench's grader applies (a returned tuple at the top has already become a list there):
 * numbers compare by value across bool, int and float (True == 1 == 1.0, exactly, no tolerance),
 * lists element-wise (a nested tuple is not a list), dicts by their key sets and values, strings and
 * None by identity of content. Anything else (sets, bytes, opaque objects) equals no JSON value.
 */
public final class PyValues {
    private PyValues() {}

    /** A JSON value as a tagged Python value (ints exact, floats as hex literals). */
    public static Object fromJson(JsonNode n) {
        if (n.isNull()) return List.of("N");
        if (n.isBoolean()) return List.of("B", n.booleanValue());
        if (n.isIntegralNumber()) return List.of("I", hex(n.bigIntegerValue()));
        if (n.isNumber()) return List.of("F", Double.toHexString(n.doubleValue()));
        if (n.isTextual()) return List.of("S", n.textValue());
        if (n.isArray()) {
            List<Object> items = new ArrayList<>();
            for (JsonNode e : n) items.add(fromJson(e));
            return List.of("L", items);
        }
        List<Object> pairs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            pairs.add(List.of(List.of("S", e.getKey()), fromJson(e.getValue())));
        }
        return List.of("D", pairs);
    }

    private static String hex(BigInteger i) {
        return i.signum() < 0 ? "-0x" + i.negate().toString(16) : "0x" + i.toString(16);
    }

    /** Python's {@code actual == expected}, with {@code actual} a tagged value and {@code expected} JSON. */
    public static boolean equal(JsonNode actual, JsonNode expected) {
        if (actual == null || !actual.isArray() || actual.isEmpty()) return false;
        String tag = actual.get(0).asText();
        if (expected.isNumber() || expected.isBoolean()) {
            BigDecimal a = number(actual), e = expectedNumber(expected);
            return a != null && e != null && a.compareTo(e) == 0;
        }
        return switch (tag) {
            case "N" -> expected.isNull();
            case "S" -> expected.isTextual() && expected.textValue().equals(actual.get(1).asText());
            case "L" -> expected.isArray() && elementsEqual(actual.get(1), expected);
            case "D" -> expected.isObject() && dictEqual(actual.get(1), expected);
            default -> false;
        };
    }

    private static boolean elementsEqual(JsonNode items, JsonNode expected) {
        if (items.size() != expected.size()) return false;
        for (int i = 0; i < items.size(); i++) if (!equal(items.get(i), expected.get(i))) return false;
        return true;
    }

    private static boolean dictEqual(JsonNode pairs, JsonNode expected) {
        if (pairs.size() != expected.size()) return false;
        for (JsonNode pair : pairs) {
            JsonNode key = pair.get(0);
            if (!"S".equals(key.get(0).asText())) return false; // JSON keys are strings; 1 != "1" in Python
            JsonNode e = expected.get(key.get(1).asText());
            if (e == null || !equal(pair.get(1), e)) return false;
        }
        return true;
    }

    /** The exact value of a tagged bool, int or float (null for NaN and infinities, which equal no JSON number). */
    private static BigDecimal number(JsonNode v) {
        switch (v.get(0).asText()) {
            case "B":
                return v.get(1).asBoolean() ? BigDecimal.ONE : BigDecimal.ZERO;
            case "I": {
                String h = v.get(1).asText();
                boolean neg = h.startsWith("-");
                BigInteger i = new BigInteger(h.substring(neg ? 3 : 2), 16);
                return new BigDecimal(neg ? i.negate() : i);
            }
            case "F": {
                double d = parseHexFloat(v.get(1).asText());
                return Double.isFinite(d) ? new BigDecimal(d) : null;
            }
            default:
                return null;
        }
    }

    private static BigDecimal expectedNumber(JsonNode e) {
        if (e.isBoolean()) return e.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
        if (e.isIntegralNumber()) return new BigDecimal(e.bigIntegerValue());
        double d = e.doubleValue();
        return Double.isFinite(d) ? new BigDecimal(d) : null;
    }

    /** Python's float.hex() text ("0x1.8000000000000p+1", "-0x0.0p+0", "inf", "nan") as a double. */
    static double parseHexFloat(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    /** A short, readable rendering of a tagged value for detail messages. */
    public static String show(JsonNode v) {
        String s = render(v);
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    private static String render(JsonNode v) {
        if (v == null || !v.isArray() || v.isEmpty()) return String.valueOf(v);
        return switch (v.get(0).asText()) {
            case "N" -> "None";
            case "B" -> v.get(1).asBoolean() ? "True" : "False";
            case "I", "F" -> {
                BigDecimal n = number(v);
                yield n == null ? v.get(1).asText() : (v.get(0).asText().equals("I") ? n.toBigInteger().toString() : String.valueOf(n.doubleValue()));
            }
            case "S" -> "'" + v.get(1).asText() + "'";
            case "L", "T", "E", "Z" -> {
                List<String> parts = new ArrayList<>();
                for (JsonNode e : v.get(1)) parts.add(render(e));
                String open = switch (v.get(0).asText()) { case "L" -> "["; case "T" -> "("; default -> "{"; };
                String close = switch (v.get(0).asText()) { case "L" -> "]"; case "T" -> ")"; default -> "}"; };
                yield open + String.join(", ", parts) + close;
            }
            case "D" -> {
                List<String> parts = new ArrayList<>();
                for (JsonNode p : v.get(1)) parts.add(render(p.get(0)) + ": " + render(p.get(1)));
                yield "{" + String.join(", ", parts) + "}";
            }
            case "R" -> "<" + v.path(2).asText("object") + " object>";
            default -> v.toString();
        };
    }
}
