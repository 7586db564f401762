package sputnik.datasets.arith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The byte-exact rendering that the arith dataset hash is taken over: one JSON object per problem,
 * fields in the order id, question, answer, no spaces, each line ending in "\n". Written by hand
 * rather than with a JSON library so that no library upgrade can change the bytes.
 */
final class CanonicalJsonl {

    private CanonicalJsonl() {}

    static String render(List<ArithItem> items) {
        StringBuilder b = new StringBuilder();
        for (ArithItem item : items) {
            b.append("{\"id\":").append(quote(item.id()))
                    .append(",\"question\":").append(quote(item.question()))
                    .append(",\"answer\":").append(item.answer())
                    .append("}\n");
        }
        return b.toString();
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append("\\u%04x".formatted((int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
