package sputnik.engines.builtin.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte-to-unicode table: byte-level BPE vocabularies spell every byte as one printable
 * character ('!'..'~', '¡'..'¬', '®'..'ÿ' stand for themselves; the other 68 bytes, space and
 * control bytes among them, become U+0100.. in byte order, so a space is 'Ġ' and a newline 'Ċ').
 */
final class ByteLevel {
    private ByteLevel() {}

    static final char[] BYTE_TO_CHAR = new char[256];
    /** Indexed by char; -1 where the char stands for no byte. */
    static final int[] CHAR_TO_BYTE = new int[0x200];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        boolean[] direct = new boolean[256];
        for (int b = 0x21; b <= 0x7E; b++) direct[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++) direct[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++) direct[b] = true;
        int n = 0;
        for (int b = 0; b < 256; b++) {
            char c = direct[b] ? (char) b : (char) (256 + n++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    /** The byte-level spelling of code points [from, from+len): their UTF-8 bytes, one char each. */
    static String encode(int[] cps, int from, int len) {
        StringBuilder sb = new StringBuilder(len + 8);
        for (int i = from; i < from + len; i++) {
            int cp = cps[i];
            if (cp < 0x80) {
                sb.append(BYTE_TO_CHAR[cp]);
            } else if (cp < 0x800) {
                sb.append(BYTE_TO_CHAR[0xC0 | (cp >> 6)]).append(BYTE_TO_CHAR[0x80 | (cp & 0x3F)]);
            } else if (cp < 0x10000) {
                sb.append(BYTE_TO_CHAR[0xE0 | (cp >> 12)]).append(BYTE_TO_CHAR[0x80 | ((cp >> 6) & 0x3F)]).append(BYTE_TO_CHAR[0x80 | (cp & 0x3F)]);
            } else {
                sb.append(BYTE_TO_CHAR[0xF0 | (cp >> 18)]).append(BYTE_TO_CHAR[0x80 | ((cp >> 12) & 0x3F)])
                        .append(BYTE_TO_CHAR[0x80 | ((cp >> 6) & 0x3F)]).append(BYTE_TO_CHAR[0x80 | (cp & 0x3F)]);
            }
        }
        return sb.toString();
    }

    /**
     * The bytes a normal token's text spells (llama.cpp's llama_decode_text): a character outside the
     * table becomes "[UNK_BYTE_0x..<text>]", as there.
     */
    static byte[] decode(String text) {
        int n = text.length();
        byte[] direct = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b < 0) return decodeWithUnknown(text);
            direct[i] = (byte) b;
        }
        return direct;
    }

    private static byte[] decodeWithUnknown(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() + 32);
        text.codePoints().forEach(cp -> {
            if (cp < CHAR_TO_BYTE.length && CHAR_TO_BYTE[cp] >= 0) {
                out.write(CHAR_TO_BYTE[cp]);
            } else {
                StringBuilder sb = new StringBuilder("[UNK_BYTE_0x");
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) sb.append(String.format("%02x", b & 0xFF));
                sb.append(text).append(']');
                out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }
}
