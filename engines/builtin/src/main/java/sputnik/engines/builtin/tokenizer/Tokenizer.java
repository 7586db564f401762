package sputnik.engines.builtin.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.gguf.GgufMetadata;

/**
 * A byte-level BPE tokenizer ({@code tokenizer.ggml.model = gpt2}) built from GGUF metadata, producing
 * the same token ids as llama.cpp's llama_tokenize for the supported pre-tokenizers ({@link
 * PreTokenizer}): the text is first cut at special tokens (control, user-defined and unknown tokens,
 * longest first, every occurrence; control and unknown ones only when special parsing is on), each
 * remaining piece is split by the pre-tokenizer, spelled in GPT-2's byte alphabet and merged pair by pair
 * in merge-rank order (lowest rank first, leftmost first among equal ranks).
 *
 * <p>Special ids, BOS/EOS addition and end-of-generation tokens follow llama.cpp's vocabulary loader:
 * {@code tokenizer.ggml.*_token_id} keys (BOS and EOS default to 11 for gpt2 vocabularies, as there),
 * {@code tokenizer.ggml.add_bos_token} / {@code add_eos_token} (BOS by default only for llama3), EOT,
 * EOM and fill-in-the-middle tokens found by their text when the metadata does not name them, and the
 * end-of-generation set made of EOS, EOT, EOM, the FIM pad/repo/separator tokens and the tokens spelled
 * like an end of turn ({@code <|im_end|>}, {@code <|endoftext|>}, {@code <｜end▁of▁sentence｜>}, ...),
 * which are made control tokens if they were not. Where llama.cpp picks among several candidates in hash
 * order (EOT when a vocabulary has both {@code <|im_end|>} and {@code <|endoftext|>}), this class takes
 * the first in llama.cpp's list, so the choice is deterministic.
 *
 * <p>Instances are immutable and thread-safe; encoding caches the BPE of recent words.
 */
public final class Tokenizer {
    // llama_token_attr bits
    static final int ATTR_UNKNOWN = 1;
    static final int ATTR_UNUSED = 2;
    static final int ATTR_NORMAL = 4;
    static final int ATTR_CONTROL = 8;
    static final int ATTR_USER_DEFINED = 16;
    static final int ATTR_BYTE = 32;

    private static final List<String> EOT_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
            "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>");
    private static final List<String> EOG_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>",
            "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
            "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[");
    private static final List<String> FIM_PRE = List.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>",
            "▁<PRE>", "<|code_prefix|>", "<|prefix|>");
    private static final List<String> FIM_SUF = List.of("<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>",
            "▁<SUF>", "<|code_suffix|>", "<|suffix|>");
    private static final List<String> FIM_MID = List.of("<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>",
            "▁<MID>", "<|code_middle|>", "<|middle|>");
    private static final List<String> FIM_PAD = List.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]");
    private static final List<String> FIM_REP = List.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>");
    private static final List<String> FIM_SEP = List.of("<|file_sep|>");

    private static final int CACHE_LIMIT = 1 << 16;

    private final String source;
    private final String preName;
    private final PreTokenizer pre;
    private final String[] texts;
    private final TokenType[] types;
    private final int[] attrs;
    private final Map<String, Integer> ids;
    private final Map<String, Integer> mergeRanks;
    private final boolean ignoreMerges;
    private final boolean cleanSpaces;
    private final boolean addBos;
    private final boolean addEos;
    private final int bos, eos, eot, eom, unk, sep, pad, mask, fimPre, fimSuf, fimMid, fimPad, fimRep, fimSep;
    private final int newline;
    private final int[] eog;
    private final int[] specials; // control / user-defined / unknown, longest text first
    private final Trie specialTrie;
    private final byte[][] pieces;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /** The tokenizer of a GGUF file. */
    public static Tokenizer from(GgufFile file) {
        return new Tokenizer(file.metadata());
    }

    /** The tokenizer described by GGUF metadata; {@link GgufException} when it is missing or unsupported. */
    public static Tokenizer from(GgufMetadata metadata) {
        return new Tokenizer(metadata);
    }

    private Tokenizer(GgufMetadata m) {
        source = m.source();
        String model = m.getString("tokenizer.ggml.model");
        if (!model.equals("gpt2")) {
            throw new GgufException(source + ": tokenizer model '" + model + "' is not supported; Sputnik's tokenizer is byte-level BPE ('gpt2')");
        }
        preName = m.findString("tokenizer.ggml.pre").orElseThrow(() -> new GgufException(source
                + ": metadata key 'tokenizer.ggml.pre' is missing: the file does not say which pre-tokenizer its vocabulary needs"));
        try {
            pre = PreTokenizer.forName(preName);
        } catch (IllegalArgumentException e) {
            throw new GgufException(source + ": " + e.getMessage());
        }
        ignoreMerges = pre == PreTokenizer.LLAMA3;
        cleanSpaces = pre == PreTokenizer.LLAMA3;

        List<String> tokens = m.getStringList("tokenizer.ggml.tokens");
        int n = tokens.size();
        if (n == 0) throw new GgufException(source + ": metadata key 'tokenizer.ggml.tokens' is empty");
        texts = new String[n];
        ids = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String t = tokens.get(i);
            if (t.isEmpty()) t = "[EMPTY_" + i + "]";
            texts[i] = t;
            Integer prev = ids.putIfAbsent(t, i);
            if (prev != null) throw new GgufException(source + ": duplicate token in the vocabulary: '" + t + "' has ids " + prev + " and " + i);
        }
        types = new TokenType[n];
        attrs = new int[n];
        if (m.has("tokenizer.ggml.token_type")) {
            int[] tt = m.getIntArray("tokenizer.ggml.token_type");
            if (tt.length < n) throw new GgufException(source + ": tokenizer.ggml.token_type has " + tt.length + " entries for " + n + " tokens");
            for (int i = 0; i < n; i++) {
                types[i] = TokenType.byId(tt[i]);
                attrs[i] = switch (types[i]) {
                    case UNKNOWN -> ATTR_UNKNOWN;
                    case UNUSED -> ATTR_UNUSED;
                    case NORMAL -> ATTR_NORMAL;
                    case CONTROL -> ATTR_CONTROL;
                    case USER_DEFINED -> ATTR_USER_DEFINED;
                    case BYTE -> ATTR_BYTE;
                    case UNDEFINED -> 0;
                };
            }
        } else {
            Arrays.fill(types, TokenType.NORMAL);
            Arrays.fill(attrs, ATTR_NORMAL);
        }

        List<String> merges = m.getStringList("tokenizer.ggml.merges");
        mergeRanks = new HashMap<>(merges.size() * 2);
        for (int r = 0; r < merges.size(); r++) {
            String mg = merges.get(r);
            if (mg.indexOf(' ', 1) > 0) mergeRanks.putIfAbsent(mg, r); // "left right", split at the first space after the start
        }

        // special ids: metadata, else llama.cpp's gpt2 defaults (11 for BOS and EOS), dropped when out of range
        bos = specialId(m, "tokenizer.ggml.bos_token_id", 11, null);
        eos = specialId(m, "tokenizer.ggml.eos_token_id", 11, null);
        unk = specialId(m, "tokenizer.ggml.unknown_token_id", -1, null);
        sep = specialId(m, "tokenizer.ggml.seperator_token_id", -1, null);
        pad = specialId(m, "tokenizer.ggml.padding_token_id", -1, null);
        mask = specialId(m, "tokenizer.ggml.mask_token_id", -1, null);
        int eotId = specialId(m, "tokenizer.ggml.eot_token_id", -1, null);
        int eomId = specialId(m, "tokenizer.ggml.eom_token_id", -1, null);
        int fp = specialId(m, "tokenizer.ggml.fim_pre_token_id", -1, "tokenizer.ggml.prefix_token_id");
        int fs = specialId(m, "tokenizer.ggml.fim_suf_token_id", -1, "tokenizer.ggml.suffix_token_id");
        int fm = specialId(m, "tokenizer.ggml.fim_mid_token_id", -1, "tokenizer.ggml.middle_token_id");
        int fpad = specialId(m, "tokenizer.ggml.fim_pad_token_id", -1, null);
        int frep = specialId(m, "tokenizer.ggml.fim_rep_token_id", -1, null);
        int fsep = specialId(m, "tokenizer.ggml.fim_sep_token_id", -1, null);

        addBos = m.getBool("tokenizer.ggml.add_bos_token", pre == PreTokenizer.LLAMA3);
        addEos = m.getBool("tokenizer.ggml.add_eos_token", false);
        if (addBos && bos < 0) throw new GgufException(source + ": tokenizer.ggml.add_bos_token is true, but tokenizer.ggml.bos_token_id is not set");
        if (addEos && eos < 0) throw new GgufException(source + ": tokenizer.ggml.add_eos_token is true, but tokenizer.ggml.eos_token_id is not set");

        // found by their text when the metadata does not name them (and made control tokens)
        eot = eotId >= 0 ? eotId : byText(EOT_TEXTS, true);
        eom = eomId >= 0 ? eomId : byText(List.of("<|eom_id|>"), true);
        fimPre = fp >= 0 ? fp : byText(FIM_PRE, true);
        fimSuf = fs >= 0 ? fs : byText(FIM_SUF, true);
        fimMid = fm >= 0 ? fm : byText(FIM_MID, true);
        fimPad = fpad >= 0 ? fpad : byText(FIM_PAD, true);
        fimRep = frep >= 0 ? frep : byText(FIM_REP, true);
        fimSep = fsep >= 0 ? fsep : byText(FIM_SEP, true);

        for (int i = 0; i < n; i++) {
            if ((attrs[i] & ATTR_CONTROL) != 0 && texts[i].contains("unused")) attrs[i] |= ATTR_UNUSED;
        }

        TreeSet<Integer> eogSet = new TreeSet<>();
        for (int id : new int[] {fimPad, fimRep, fimSep}) if (id >= 0) eogSet.add(id);
        for (String t : EOG_TEXTS) {
            Integer id = ids.get(t);
            if (id != null) {
                eogSet.add(id);
                attrs[id] |= ATTR_CONTROL;
            }
        }
        for (int id : new int[] {eos, eot, eom}) if (id >= 0) eogSet.add(id);
        // llama.cpp's workarounds: harmony's <|end|> is not an end of generation when <|return|> and <|call|> exist;
        // </s> is ordinary text where <|tool_response> or <|plamo:eos|> exist
        Integer end = ids.get("<|end|>");
        if (end != null && eogSet.contains(end)
                && ((ids.containsKey("<|return|>") && ids.containsKey("<|call|>")) || (ids.containsKey("<|calls|>") && ids.containsKey("<|flush|>")))) {
            eogSet.remove(end);
            attrs[end] = ATTR_USER_DEFINED;
        }
        Integer s = ids.get("</s>");
        if (s != null && eogSet.contains(s) && (ids.containsKey("<|tool_response>") || ids.containsKey("<|plamo:eos|>"))) {
            eogSet.remove(s);
            attrs[s] = ATTR_NORMAL;
        }
        eog = eogSet.stream().mapToInt(Integer::intValue).toArray();

        List<Integer> sp = new ArrayList<>();
        for (int i = 0; i < n; i++) if ((attrs[i] & (ATTR_CONTROL | ATTR_USER_DEFINED | ATTR_UNKNOWN)) != 0) sp.add(i);
        sp.sort((a, b) -> texts[a].length() != texts[b].length() ? Integer.compare(texts[b].length(), texts[a].length()) : Integer.compare(a, b));
        specials = sp.stream().mapToInt(Integer::intValue).toArray();
        specialTrie = new Trie();
        for (int id : specials) specialTrie.insert(texts[id], id);
        pieces = new byte[n][];
        for (int i = 0; i < n; i++) pieces[i] = makePiece(i);

        int[] nl = encode("\n", false, false);
        newline = nl.length > 0 ? nl[0] : pad;
    }

    private int specialId(GgufMetadata m, String key, int defaultId, String deprecatedKey) {
        int n = texts.length;
        int id = defaultId >= n ? -1 : defaultId;
        for (String k : deprecatedKey == null ? new String[] {key} : new String[] {key, deprecatedKey}) {
            if (!m.has(k)) continue;
            long v = m.getLong(k);
            if (v >= 0 && v < n) id = (int) v;
        }
        return id;
    }

    private int byText(List<String> candidates, boolean makeControl) {
        for (String t : candidates) {
            Integer id = ids.get(t);
            if (id != null) {
                if (makeControl) attrs[id] |= ATTR_CONTROL;
                return id;
            }
        }
        return -1;
    }

    // ---- vocabulary ---------------------------------------------------------------------------

    /** Number of tokens. */
    public int size() {
        return texts.length;
    }

    public PreTokenizer preTokenizer() {
        return pre;
    }

    /** The {@code tokenizer.ggml.pre} value. */
    public String preName() {
        return preName;
    }

    /** The token's text as the vocabulary stores it (byte-level spelling for normal tokens: 'Ġ' is a space). */
    public String tokenText(int id) {
        return texts[check(id)];
    }

    /** The id of a token by its stored text, or -1. */
    public int tokenId(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    /** The type {@code tokenizer.ggml.token_type} gives the token. */
    public TokenType type(int id) {
        return types[check(id)];
    }

    /** Whether the token is a control token (after llama.cpp's adjustments: end-of-turn spellings are). */
    public boolean isControl(int id) {
        return (attrs[check(id)] & ATTR_CONTROL) != 0;
    }

    /** Control, user-defined or unknown: the tokens that the text is cut at before BPE. */
    public boolean isSpecial(int id) {
        return (attrs[check(id)] & (ATTR_CONTROL | ATTR_USER_DEFINED | ATTR_UNKNOWN)) != 0;
    }

    /** Beginning-of-sequence id, or -1. */
    public int bos() {
        return bos;
    }

    /** End-of-sequence id, or -1. */
    public int eos() {
        return eos;
    }

    /** End-of-turn id, or -1. */
    public int eot() {
        return eot;
    }

    /** End-of-message id, or -1. */
    public int eom() {
        return eom;
    }

    public int unk() {
        return unk;
    }

    public int pad() {
        return pad;
    }

    /** The token of "\n", or the padding token when there is none (as llama.cpp's linefeed id). */
    public int newline() {
        return newline;
    }

    /** Whether {@link #encode(String)} puts BOS first ({@code tokenizer.ggml.add_bos_token}). */
    public boolean addsBos() {
        return addBos;
    }

    /** Whether {@link #encode(String)} puts EOS last ({@code tokenizer.ggml.add_eos_token}). */
    public boolean addsEos() {
        return addEos;
    }

    /** Whether generation ends at this token (llama_vocab_is_eog). */
    public boolean isEndOfGeneration(int id) {
        return Arrays.binarySearch(eog, id) >= 0;
    }

    /** The end-of-generation ids, ascending. */
    public int[] endOfGenerationIds() {
        return eog.clone();
    }

    private int check(int id) {
        if (id < 0 || id >= texts.length) throw new IndexOutOfBoundsException("token id " + id + " is outside the vocabulary of " + texts.length);
        return id;
    }

    // ---- encoding -----------------------------------------------------------------------------

    /** Tokens of a prompt: BOS/EOS as the vocabulary says, special tokens in the text recognised. */
    public int[] encode(String text) {
        return encode(text, true, true);
    }

    /**
     * llama_tokenize: {@code addSpecial} adds BOS (and EOS) where the vocabulary says so;
     * {@code parseSpecial} lets control tokens written in the text ("<|im_start|>") become those tokens
     * (user-defined tokens are always recognised, as in llama.cpp).
     */
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        String t = wellFormed(text);
        IntList out = new IntList(t.length() / 3 + 4);
        if (addSpecial && addBos) out.add(bos);
        if (!t.isEmpty()) {
            for (long f : partition(t, parseSpecial)) {
                int a = (int) (f >>> 32), b = (int) f;
                if (a < 0) out.add(b);
                else encodeRaw(t.substring(a, b), out);
            }
        }
        if (addSpecial && addEos) out.add(eos);
        return out.toArray();
    }

    /** Lone surrogates (not representable in UTF-8) become U+FFFD. */
    private static String wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (pair) {
                    i++;
                    continue;
                }
                StringBuilder sb = new StringBuilder(s.length());
                s.codePoints().forEach(cp -> sb.appendCodePoint(Character.isSurrogate((char) cp) && cp <= 0xFFFF ? 0xFFFD : cp));
                return sb.toString();
            }
        }
        return s;
    }

    /**
     * llama.cpp's tokenizer_st_partition: the text as raw pieces and special tokens, each a long:
     * (start << 32 | end) for raw text, (-1 << 32 | id) for a token.
     */
    private long[] partition(String text, boolean parseSpecial) {
        List<Long> frags = new ArrayList<>();
        frags.add(raw(0, text.length()));
        if (specials.length == 0) return new long[] {raw(0, text.length())};
        boolean[] present = specialTrie.occurring(text, texts.length);
        for (int id : specials) {
            if (!present[id]) continue;
            if (!parseSpecial && (attrs[id] & (ATTR_CONTROL | ATTR_UNKNOWN)) != 0) continue;
            String tok = texts[id];
            List<Long> next = new ArrayList<>(frags.size() + 4);
            for (long f : frags) {
                int a = (int) (f >>> 32), b = (int) f;
                if (a < 0) {
                    next.add(f);
                    continue;
                }
                int from = a;
                int at;
                while ((at = text.indexOf(tok, from)) >= 0 && at + tok.length() <= b) {
                    if (at > from) next.add(raw(from, at));
                    next.add(token(id));
                    from = at + tok.length();
                }
                if (from < b) next.add(raw(from, b));
            }
            frags = next;
        }
        long[] r = new long[frags.size()];
        for (int i = 0; i < r.length; i++) r[i] = frags.get(i);
        return r;
    }

    private static long raw(int start, int end) {
        return ((long) start << 32) | (end & 0xFFFF_FFFFL);
    }

    private static long token(int id) {
        return (-1L << 32) | (id & 0xFFFF_FFFFL);
    }

    private void encodeRaw(String text, IntList out) {
        int[] cps = text.codePoints().toArray();
        int[] lens = pre.split(cps);
        int pos = 0;
        for (int len : lens) {
            String word = ByteLevel.encode(cps, pos, len);
            pos += len;
            int[] t = cache.get(word);
            if (t == null) {
                t = bpe(word);
                if (cache.size() >= CACHE_LIMIT) cache.clear();
                cache.put(word, t);
            }
            out.addAll(t);
        }
    }

    /** BPE of one byte-level word, as llm_tokenizer_bpe_session: lowest rank first, leftmost among equals. */
    private int[] bpe(String word) {
        if (ignoreMerges) {
            Integer id = ids.get(word);
            if (id != null) return new int[] {id};
        }
        int n = word.length();
        int[] len = new int[n], prev = new int[n], next = new int[n];
        for (int i = 0; i < n; i++) {
            len[i] = 1;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        BigramHeap heap = new BigramHeap(n);
        for (int i = 1; i < n; i++) addBigram(word, heap, i - 1, i, len);
        while (!heap.isEmpty()) {
            heap.pop();
            int l = heap.left, r = heap.right;
            if (len[l] == 0 || len[r] == 0 || len[l] + len[r] != heap.size || next[l] != r) continue; // outdated
            len[l] += len[r];
            len[r] = 0;
            next[l] = next[r];
            if (next[r] >= 0) prev[next[r]] = l;
            if (prev[l] >= 0) addBigram(word, heap, prev[l], l, len);
            if (next[l] >= 0) addBigram(word, heap, l, next[l], len);
        }
        IntList out = new IntList(8);
        for (int i = 0; i >= 0; i = next[i]) {
            if (len[i] == 0) continue;
            String sym = word.substring(i, i + len[i]);
            Integer id = ids.get(sym);
            if (id != null) {
                out.add(id);
            } else { // as llama.cpp: each single byte of the symbol's text that is itself a token
                for (int k = 0; k < sym.length(); k++) {
                    char c = sym.charAt(k);
                    if (c < 0x80) {
                        Integer b = ids.get(String.valueOf(c));
                        if (b != null) out.add(b);
                    }
                }
            }
        }
        return out.toArray();
    }

    private void addBigram(String word, BigramHeap heap, int l, int r, int[] len) {
        String key = word.substring(l, l + len[l]) + ' ' + word.substring(r, r + len[r]);
        Integer rank = mergeRanks.get(key);
        if (rank != null) heap.push(rank, l, r, len[l] + len[r]);
    }

    /** A binary min-heap of (rank, left) bigrams with their right symbol and size. */
    private static final class BigramHeap {
        private int[] rank, lefts, rights, sizes;
        private int n;
        int left, right, size;

        BigramHeap(int capacity) {
            int c = Math.max(8, capacity);
            rank = new int[c];
            lefts = new int[c];
            rights = new int[c];
            sizes = new int[c];
        }

        boolean isEmpty() {
            return n == 0;
        }

        private boolean less(int i, int j) {
            return rank[i] < rank[j] || (rank[i] == rank[j] && lefts[i] < lefts[j]);
        }

        private void swap(int i, int j) {
            int t = rank[i]; rank[i] = rank[j]; rank[j] = t;
            t = lefts[i]; lefts[i] = lefts[j]; lefts[j] = t;
            t = rights[i]; rights[i] = rights[j]; rights[j] = t;
            t = sizes[i]; sizes[i] = sizes[j]; sizes[j] = t;
        }

        void push(int rk, int l, int r, int sz) {
            if (n == rank.length) {
                int c = n * 2;
                rank = Arrays.copyOf(rank, c);
                lefts = Arrays.copyOf(lefts, c);
                rights = Arrays.copyOf(rights, c);
                sizes = Arrays.copyOf(sizes, c);
            }
            rank[n] = rk;
            lefts[n] = l;
            rights[n] = r;
            sizes[n] = sz;
            int i = n++;
            while (i > 0) {
                int p = (i - 1) / 2;
                if (!less(i, p)) break;
                swap(i, p);
                i = p;
            }
        }

        /** Removes the top into {@link #left}, {@link #right}, {@link #size}. */
        void pop() {
            left = lefts[0];
            right = rights[0];
            size = sizes[0];
            n--;
            if (n > 0) {
                swap(0, n);
                int i = 0;
                while (true) {
                    int a = 2 * i + 1, b = a + 1, m = i;
                    if (a < n && less(a, m)) m = a;
                    if (b < n && less(b, m)) m = b;
                    if (m == i) break;
                    swap(i, m);
                    i = m;
                }
            }
        }
    }

    /** The special tokens' texts, to find which of them occur in a text in one pass. */
    private static final class Trie {
        private final Map<Character, Trie> children = new HashMap<>();
        private int id = -1;

        void insert(String s, int tokenId) {
            Trie t = this;
            for (int i = 0; i < s.length(); i++) t = t.children.computeIfAbsent(s.charAt(i), c -> new Trie());
            if (t.id < 0) t.id = tokenId;
        }

        boolean[] occurring(String text, int vocabSize) {
            boolean[] found = new boolean[vocabSize];
            if (children.isEmpty()) return found;
            for (int i = 0; i < text.length(); i++) {
                Trie t = children.get(text.charAt(i));
                for (int j = i + 1; t != null; j++) {
                    if (t.id >= 0) found[t.id] = true;
                    if (j >= text.length()) break;
                    t = t.children.get(text.charAt(j));
                }
            }
            return found;
        }
    }

    // ---- decoding -----------------------------------------------------------------------------

    /**
     * The bytes of one token (llama_token_to_piece with special rendering): control, user-defined and
     * unknown tokens give their text, normal tokens the bytes their byte-level text spells, others none.
     * The array is shared: do not modify it.
     */
    public byte[] piece(int id) {
        return pieces[check(id)];
    }

    private byte[] makePiece(int id) {
        int a = attrs[id];
        String text = texts[id];
        if ((a & (ATTR_CONTROL | ATTR_UNKNOWN | ATTR_USER_DEFINED)) != 0) return text.getBytes(StandardCharsets.UTF_8);
        if ((a & ATTR_NORMAL) != 0) return ByteLevel.decode(text);
        if ((a & ATTR_BYTE) != 0 && text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            try {
                return new byte[] {(byte) Integer.parseInt(text.substring(3, 5), 16)};
            } catch (NumberFormatException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }

    /** Whether decoding without special rendering drops this token (control and unknown tokens). */
    boolean hiddenUnlessSpecial(int id) {
        return (attrs[check(id)] & (ATTR_CONTROL | ATTR_UNKNOWN)) != 0;
    }

    /**
     * llama_detokenize: the pieces' bytes, control and unknown tokens included only when {@code
     * renderSpecial}; for llama3 vocabularies, llama.cpp's space clean-up (" ," to ",", " 's" to "'s", ...).
     */
    public byte[] decodeBytes(int[] tokens, boolean renderSpecial) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tokens.length * 4);
        for (int id : tokens) {
            if (!renderSpecial && hiddenUnlessSpecial(id)) continue;
            out.writeBytes(piece(id));
        }
        byte[] b = out.toByteArray();
        return cleanSpaces ? cleanSpaces(b) : b;
    }

    /** The text of tokens, special tokens left out (invalid UTF-8 becomes U+FFFD). */
    public String decode(int[] tokens) {
        return decode(tokens, false);
    }

    public String decode(int[] tokens, boolean renderSpecial) {
        return new String(decodeBytes(tokens, renderSpecial), StandardCharsets.UTF_8);
    }

    /** An incremental decoder for generated tokens (it holds back a character split across tokens). */
    public TokenDecoder decoder(boolean renderSpecial) {
        return new TokenDecoder(this, renderSpecial);
    }

    private static byte[] cleanSpaces(byte[] t) {
        int total = t.length;
        if (total == 0) return t;
        // " ?", " !", " .", " ,"
        int n = 1;
        for (int i = 1; i < total; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) n--;
            t[n++] = x;
        }
        total = n;
        // " ' " -> "'"
        n = 1;
        for (int i = 1; i < total; i++) {
            byte x = t[i];
            if (x == '\'' && i + 1 < total && t[i - 1] == ' ' && t[i + 1] == ' ') {
                n--;
                t[++i] = 0;
            }
            t[n++] = x;
        }
        total = n;
        // " 's", " 'm", " 're", " 've"
        n = 1;
        for (int i = 1; i < total; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && x == '\'' && i + 1 < total) {
                byte x1 = t[i + 1];
                if (x1 == 's' || x1 == 'm') n--;
                else if (i + 2 < total && ((x1 == 'r' && t[i + 2] == 'e') || (x1 == 'v' && t[i + 2] == 'e'))) n--;
            }
            t[n++] = x;
        }
        return Arrays.copyOf(t, n);
    }

    @Override
    public String toString() {
        return "Tokenizer[" + source + ", gpt2/" + preName + ", " + texts.length + " tokens, bos " + bos + (addBos ? " (added)" : "") + ", eos " + eos + "]";
    }
}
