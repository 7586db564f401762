package sputnik.engines.builtin.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns generated tokens into text as they come: a UTF-8 character whose bytes are split over several
 * tokens (common for CJK and emoji in byte-level vocabularies) is held back until it is complete. Not
 * thread-safe; one per generation.
 */
public final class TokenDecoder {
    private final Tokenizer tokenizer;
    private final boolean renderSpecial;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    TokenDecoder(Tokenizer tokenizer, boolean renderSpecial) {
        this.tokenizer = tokenizer;
        this.renderSpecial = renderSpecial;
    }

    /** The text that this token completes (possibly empty). */
    public String push(int token) {
        if (!renderSpecial && tokenizer.hiddenUnlessSpecial(token)) return "";
        pending.writeBytes(tokenizer.piece(token));
        byte[] b = pending.toByteArray();
        int complete = completePrefix(b);
        pending.reset();
        pending.write(b, complete, b.length - complete);
        return new String(b, 0, complete, StandardCharsets.UTF_8);
    }

    /** What is held back, invalid bytes as U+FFFD; the decoder is empty afterwards. */
    public String flush() {
        String s = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return s;
    }

    /** Length of the longest prefix that does not end inside an incomplete UTF-8 sequence. */
    static int completePrefix(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int c = b[n - back] & 0xFF;
            if ((c & 0xC0) == 0x80) continue; // continuation byte: look further back
            int need = c >= 0xF0 && c <= 0xF7 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (c >= 0xF8) need = 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
