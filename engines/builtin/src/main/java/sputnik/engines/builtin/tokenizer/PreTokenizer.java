package sputnik.engines.builtin.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pre-tokenizers of the byte-level BPE vocabularies Sputnik supports, as llama.cpp runs them for
 * each {@code tokenizer.ggml.pre}: a list of regular expressions applied one after the other, each
 * splitting every piece the previous ones produced into its matches and the text between them.
 *
 * <p>The behaviour reproduced is llama.cpp's, corner cases included, not the Hugging Face tokenizer's:
 * <ul>
 *   <li>expressions with {@code \p{..}} classes run, as in llama.cpp, over a "collapsed" text in which
 *       every non-ASCII code point stands for its category ({@link Unicode#collapsed}), so an ASCII
 *       character has only the classes the collapsed expression gives it (for instance '~' is neither
 *       {@code \p{P}} nor {@code \p{S}} there);
 *   <li>expressions without them see the code points, with non-ASCII whitespace replaced by a
 *       vertical tab (std::wregex's {@code \s} is ASCII only);
 *   <li>the llama3 expression is llama.cpp's hand-written matcher, not a regex engine;
 *   <li>categories come from Unicode 15.1, llama.cpp's tables ({@link Unicode}).
 * </ul>
 */
public enum PreTokenizer {
    /** Qwen2, Qwen2.5, Qwen3 and DeepSeek-R1-Distill-Qwen ({@code qwen2}, {@code deepseek-r1-qwen}). */
    QWEN2("qwen2", "deepseek-r1-qwen"),
    /** DeepSeek LLM and DeepSeek-V2 ({@code deepseek-llm}). */
    DEEPSEEK_LLM("deepseek-llm"),
    /** DeepSeek-V3 and R1 ({@code deepseek-v3}). */
    DEEPSEEK_V3("deepseek-v3"),
    /** Llama 3 ({@code llama-bpe}, {@code llama3}, {@code llama-v3}). */
    LLAMA3("llama-bpe", "llama3", "llama-v3");

    private final List<String> names;

    PreTokenizer(String... names) {
        this.names = List.of(names);
    }

    /** The {@code tokenizer.ggml.pre} values that select this pre-tokenizer. */
    public List<String> names() {
        return names;
    }

    /** The pre-tokenizer for a {@code tokenizer.ggml.pre} value; {@link IllegalArgumentException} naming the supported ones. */
    public static PreTokenizer forName(String pre) {
        for (PreTokenizer p : values()) if (p.names.contains(pre)) return p;
        List<String> all = new ArrayList<>();
        for (PreTokenizer p : values()) all.addAll(p.names);
        throw new IllegalArgumentException("pre-tokenizer '" + pre + "' is not supported (supported: " + String.join(", ", all) + ")");
    }

    /** Splits text into the pieces BPE runs on (their concatenation is the text). */
    public List<String> split(String text) {
        int[] cps = text.codePoints().toArray();
        int[] lens = split(cps);
        List<String> out = new ArrayList<>(lens.length);
        int pos = 0;
        for (int len : lens) {
            out.add(new String(cps, pos, len));
            pos += len;
        }
        return out;
    }

    /** Splits code points; returns the length (in code points) of each piece, in order. */
    int[] split(int[] cps) {
        if (cps.length == 0) return new int[0];
        Text t = new Text(cps);
        IntList pieces = new IntList(8);
        pieces.add(cps.length);
        for (Step s : steps()) {
            IntList next = new IntList(pieces.size * 2 + 4);
            int start = 0;
            for (int i = 0; i < pieces.size; i++) {
                int len = pieces.get(i);
                s.split(t, start, start + len, next);
                start += len;
            }
            pieces = next;
        }
        return pieces.toArray();
    }

    private List<Step> steps() {
        return switch (this) {
            case QWEN2 -> QWEN2_STEPS;
            case DEEPSEEK_LLM -> DEEPSEEK_LLM_STEPS;
            case DEEPSEEK_V3 -> DEEPSEEK_V3_STEPS;
            case LLAMA3 -> LLAMA3_STEPS;
        };
    }

    // ---- the expressions ----------------------------------------------------------------------

    // Collapsed classes, as llama.cpp's unicode_regex_split substitutes them: the category byte plus
    // the ASCII members it lists for the category.
    private static final String L = "\u00D2A-Za-z";
    private static final String N = "\u00D10-9";
    private static final String P = "\u00D3!-#%-*,-/:-;?-@\\[-\\]_\\{\\}";
    private static final String S = "\u00D5\\$\\+<->\\^`\\|";
    private static final String M = "\u00D4";

    // qwen2: (?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
    static final Pattern QWEN2_REGEX = Pattern.compile("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
            + "|[^\\r\\n" + L + N + "]?[" + L + "]+"
            + "|[" + N + "]"
            + "| ?[^\\s" + L + N + "]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    // deepseek-v3, third expression:
    // [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
    static final Pattern DEEPSEEK_V3_REGEX = Pattern.compile("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+"
            + "|[^\\r\\n" + L + P + S + "]?[" + L + M + "]+"
            + "| ?[" + P + S + "]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    /** deepseek-llm's cased-letter class (from its tokenizer.json), as inclusive code point ranges. */
    static final int[] DEEPSEEK_LETTERS = {
        0x0041, 0x005A, 0x0061, 0x007A, 0x00B5, 0x00B5, 0x00C0, 0x00D6, 0x00D8, 0x00F6, 0x00F8, 0x01BA, 0x01BC, 0x01BF,
        0x01C4, 0x0293, 0x0295, 0x02AF, 0x0370, 0x0373, 0x0376, 0x0376, 0x0377, 0x0377, 0x037B, 0x037D, 0x037F, 0x037F,
        0x0386, 0x0386, 0x0388, 0x038A, 0x038C, 0x038C, 0x038E, 0x03A1, 0x03A3, 0x03F5, 0x03F7, 0x0481, 0x048A, 0x052F,
        0x0531, 0x0556, 0x10A0, 0x10C5, 0x13A0, 0x13F5, 0x13F8, 0x13FD, 0x1C90, 0x1CBA, 0x1CBD, 0x1CBF, 0x1D00, 0x1D2B,
        0x1D6B, 0x1D77, 0x1D79, 0x1D9A, 0x1E00, 0x1F15, 0x1F18, 0x1F1D, 0x1F20, 0x1F45, 0x1F48, 0x1F4D, 0x1F50, 0x1F57,
        0x1F59, 0x1F59, 0x1F5B, 0x1F5B, 0x1F5D, 0x1F5D, 0x1F5F, 0x1F7D, 0x1F80, 0x1FB4, 0x1FB6, 0x1FBC, 0x1FBE, 0x1FBE,
        0x1FC2, 0x1FC4, 0x1FC6, 0x1FCC, 0x1FD0, 0x1FD3, 0x1FD6, 0x1FDB, 0x1FE0, 0x1FEC, 0x1FF2, 0x1FF4, 0x1FF6, 0x1FFC,
        0x2102, 0x2102, 0x2107, 0x2107, 0x210A, 0x2113, 0x2115, 0x2115, 0x2119, 0x211D, 0x2124, 0x2124, 0x2126, 0x2126,
        0x2128, 0x2128, 0x212A, 0x212D, 0x212F, 0x2134, 0x2139, 0x2139, 0x213C, 0x213F, 0x2145, 0x2149, 0x214E, 0x214E,
        0x2183, 0x2183, 0x2184, 0x2184, 0x2C00, 0x2C7B, 0x2C7E, 0x2CE4, 0x2CEB, 0x2CEE, 0x2CF2, 0x2CF2, 0x2CF3, 0x2CF3,
        0xA640, 0xA66D, 0xA680, 0xA69B, 0xA722, 0xA76F, 0xA771, 0xA787, 0xA78B, 0xA78E, 0xAB70, 0xABBF, 0xFB00, 0xFB06,
        0xFB13, 0xFB17, 0xFF21, 0xFF3A, 0xFF41, 0xFF5A, 0x10400, 0x1044F, 0x104B0, 0x104D3, 0x104D8, 0x104FB, 0x10C80, 0x10CB2,
        0x10CC0, 0x10CF2, 0x118A0, 0x118DF, 0x1E900, 0x1E943,
    };
    /** deepseek-llm's punctuation class {@code [!-/:-~！-／：-～‘-‟　-。]}. */
    static final int[] DEEPSEEK_PUNCT = {0x21, 0x2F, 0x3A, 0x7E, 0xFF01, 0xFF0F, 0xFF1A, 0xFF5E, 0x2018, 0x201F, 0x3000, 0x3002};
    /** deepseek-llm's CJK class {@code [一-龥ࠀ-一가-퟿]}. */
    static final int[] DEEPSEEK_CJK = {0x4E00, 0x9FA5, 0x0800, 0x4E00, 0xAC00, 0xD7FF};
    /** deepseek-v3's CJK/kana class {@code [一-龥぀-ゟ゠-ヿ]}. */
    static final int[] DEEPSEEK_V3_CJK = {0x4E00, 0x9FA5, 0x3040, 0x309F, 0x30A0, 0x30FF};

    private static final List<Step> QWEN2_STEPS = List.of(new RegexStep(QWEN2_REGEX));
    private static final List<Step> DEEPSEEK_LLM_STEPS = List.of(
            new NewlineStep(), // [\r\n]
            new ClassRunStep(ranges(DEEPSEEK_LETTERS), true), // \s?[A-Za-zµÀ-Ö...]+
            new ClassRunStep(ranges(DEEPSEEK_PUNCT), true), // \s?[!-/:-~！-／：-～‘-‟　-。]+
            new TrailingSpaceStep(), // \s+$
            new ClassRunStep(ranges(DEEPSEEK_CJK), false), // [一-龥ࠀ-一가-퟿]+
            new NumberStep(Integer.MAX_VALUE)); // \p{N}+
    private static final List<Step> DEEPSEEK_V3_STEPS = List.of(
            new NumberStep(3), // \p{N}{1,3}
            new ClassRunStep(ranges(DEEPSEEK_V3_CJK), false), // [一-龥぀-ゟ゠-ヿ]+
            new RegexStep(DEEPSEEK_V3_REGEX));
    private static final List<Step> LLAMA3_STEPS = List.of(new Llama3Step());

    private static IntPredicate ranges(int[] r) {
        int[] copy = r.clone();
        return c -> {
            for (int i = 0; i < copy.length; i += 2) if (c >= copy[i] && c <= copy[i + 1]) return true;
            return false;
        };
    }

    // ---- machinery ----------------------------------------------------------------------------

    /** The text in the forms the steps read: code points, llama.cpp's wide and collapsed views. */
    private static final class Text {
        final int[] cps;
        private int[] wide;
        private String collapsed;

        Text(int[] cps) {
            this.cps = cps;
        }

        int[] wide() {
            if (wide == null) {
                wide = new int[cps.length];
                for (int i = 0; i < cps.length; i++) wide[i] = Unicode.wide(cps[i]);
            }
            return wide;
        }

        String collapsed() {
            if (collapsed == null) {
                char[] c = new char[cps.length];
                for (int i = 0; i < cps.length; i++) c[i] = Unicode.collapsed(cps[i]);
                collapsed = new String(c);
            }
            return collapsed;
        }
    }

    private interface Step {
        /** Splits the piece [start, end) of the text, appending piece lengths to {@code out}. */
        void split(Text t, int start, int end, IntList out);
    }

    /** Emits a match [from, to) with the unmatched text before it. */
    private static int emit(IntList out, int prevEnd, int from, int to) {
        if (from > prevEnd) out.add(from - prevEnd);
        out.add(to - from);
        return to;
    }

    /** A java.util.regex run over the collapsed text: llama.cpp's std::regex on the collapsed string. */
    private record RegexStep(Pattern pattern) implements Step {
        @Override
        public void split(Text t, int start, int end, IntList out) {
            Matcher m = pattern.matcher(t.collapsed());
            m.region(start, end); // opaque bounds: lookahead stops at the piece's end, like a std::regex on a sub-range
            int prev = start;
            while (m.find()) {
                if (m.end() == m.start()) continue; // none of the expressions can match empty
                prev = emit(out, prev, m.start(), m.end());
            }
            if (prev < end) out.add(end - prev);
        }
    }

    /** {@code [\r\n]}: every CR and LF alone. */
    private record NewlineStep() implements Step {
        @Override
        public void split(Text t, int start, int end, IntList out) {
            int prev = start;
            for (int i = start; i < end; i++) {
                int c = t.cps[i];
                if (c == '\r' || c == '\n') prev = emit(out, prev, i, i + 1);
            }
            if (prev < end) out.add(end - prev);
        }
    }

    /** {@code \s?[C]+} (or {@code [C]+}) over the wide text, leftmost match first, greedy. */
    private record ClassRunStep(IntPredicate cls, boolean optionalSpace) implements Step {
        @Override
        public void split(Text t, int start, int end, IntList out) {
            int[] w = t.wide();
            int prev = start;
            int p = start;
            while (p < end) {
                int runFrom = -1;
                if (optionalSpace && Unicode.isAsciiSpace(w[p]) && p + 1 < end && cls.test(w[p + 1])) runFrom = p + 1;
                else if (cls.test(w[p])) runFrom = p;
                if (runFrom < 0) {
                    p++;
                    continue;
                }
                int q = runFrom + 1;
                while (q < end && cls.test(w[q])) q++;
                prev = emit(out, prev, p, q);
                p = q;
            }
            if (prev < end) out.add(end - prev);
        }
    }

    /** {@code \s+$}: the whitespace that ends the piece. */
    private record TrailingSpaceStep() implements Step {
        @Override
        public void split(Text t, int start, int end, IntList out) {
            int[] w = t.wide();
            int s = end;
            while (s > start && Unicode.isAsciiSpace(w[s - 1])) s--;
            if (s < end) emit(out, start, s, end);
            else out.add(end - start);
        }
    }

    /** {@code \p{N}+} or {@code \p{N}{1,max}} over the collapsed text. */
    private record NumberStep(int max) implements Step {
        @Override
        public void split(Text t, int start, int end, IntList out) {
            String c = t.collapsed();
            int prev = start;
            int p = start;
            while (p < end) {
                if (!isNumber(c.charAt(p))) {
                    p++;
                    continue;
                }
                int q = p + 1;
                while (q < end && q - p < max && isNumber(c.charAt(q))) q++;
                prev = emit(out, prev, p, q);
                p = q;
            }
            if (prev < end) out.add(end - prev);
        }

        private static boolean isNumber(char ch) {
            return ch == 0xD1 || (ch >= '0' && ch <= '9');
        }
    }

    /**
     * llama.cpp's hand-written matcher for the llama3 expression
     * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+},
     * over real categories (no collapsing).
     */
    private record Llama3Step() implements Step {
        private static final int WS = 0x100;

        @Override
        public void split(Text t, int start, int end, IntList out) {
            int[] cps = t.cps;
            int pos = start;
            int prevEnd = start;
            while (pos < end) {
                int cpt = cps[pos];
                int flags = flags(cps, pos, start, end);
                if (cpt == '\'' && pos + 1 < end) { // (?i:'s|'t|'re|'ve|'m|'ll|'d)
                    int next = lower(cps[pos + 1]);
                    if (next == 's' || next == 't' || next == 'm' || next == 'd') {
                        pos = prevEnd = add(out, prevEnd, pos + 2);
                        continue;
                    }
                    if (pos + 2 < end) {
                        int next2 = lower(cps[pos + 2]);
                        if ((next == 'r' && next2 == 'e') || (next == 'v' && next2 == 'e') || (next == 'l' && next2 == 'l')) {
                            pos = prevEnd = add(out, prevEnd, pos + 3);
                            continue;
                        }
                    }
                }
                if (!(cpt == '\r' || cpt == '\n' || is(flags, Unicode.NUMBER))) { // [^\r\n\p{L}\p{N}]?\p{L}+
                    if (is(flags, Unicode.LETTER) || is(flags(cps, pos + 1, start, end), Unicode.LETTER)) {
                        pos++;
                        while (is(flags(cps, pos, start, end), Unicode.LETTER)) pos++;
                        prevEnd = add(out, prevEnd, pos);
                        continue;
                    }
                }
                if (is(flags, Unicode.NUMBER)) { // \p{N}{1,3}
                    int ini = pos;
                    while (is(flags(cps, pos, start, end), Unicode.NUMBER)) {
                        if (++pos - ini >= 3) {
                            prevEnd = add(out, prevEnd, pos);
                            ini = pos;
                        }
                    }
                    prevEnd = add(out, prevEnd, pos);
                    continue;
                }
                int flags2 = cpt == ' ' ? flags(cps, pos + 1, start, end) : flags; // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
                if (!anyOf(flags2, WS | Unicode.LETTER | Unicode.NUMBER) && flags != 0) {
                    if (cpt == ' ') pos++;
                    while (!anyOf(flags2, WS | Unicode.LETTER | Unicode.NUMBER) && flags2 != 0) flags2 = flags(cps, ++pos, start, end);
                    int c2 = at(cps, pos, start, end);
                    while (c2 == '\r' || c2 == '\n') c2 = at(cps, ++pos, start, end);
                    prevEnd = add(out, prevEnd, pos);
                    continue;
                }
                int nws = 0;
                int lastRn = 0;
                while (anyOf(flags(cps, pos + nws, start, end), WS)) {
                    int c2 = at(cps, pos + nws, start, end);
                    if (c2 == '\r' || c2 == '\n') lastRn = pos + nws + 1;
                    nws++;
                }
                if (lastRn > 0) { // \s*[\r\n]+
                    pos = lastRn;
                    prevEnd = add(out, prevEnd, pos);
                    continue;
                }
                if (nws > 1 && at(cps, pos + nws, start, end) != -1) { // \s+(?!\S)
                    pos += nws - 1;
                    prevEnd = add(out, prevEnd, pos);
                    continue;
                }
                if (nws > 0) { // \s+
                    pos += nws;
                    prevEnd = add(out, prevEnd, pos);
                    continue;
                }
                prevEnd = add(out, prevEnd, ++pos); // no match
            }
        }

        private static int add(IntList out, int prevEnd, int end) {
            if (end > prevEnd) out.add(end - prevEnd);
            return end;
        }

        private static int at(int[] cps, int pos, int start, int end) {
            return pos >= start && pos < end ? cps[pos] : -1;
        }

        /** Category flag, plus WS for whitespace; 0 outside the piece (llama.cpp's empty flags). */
        private static int flags(int[] cps, int pos, int start, int end) {
            if (pos < start || pos >= end) return 0;
            int cp = cps[pos];
            return Unicode.category(cp) | (Unicode.isWhitespace(cp) ? WS : 0);
        }

        private static boolean is(int flags, int flag) {
            return (flags & flag) != 0;
        }

        private static boolean anyOf(int flags, int mask) {
            return (flags & mask) != 0;
        }

        private static int lower(int c) {
            return c >= 'A' && c <= 'Z' ? c + 32 : c;
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
