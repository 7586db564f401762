package sputnik.engines.builtin.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sputnik.engines.builtin.chat.jinja.Token.Kind;

/**
 * Splits a template into text and tag tokens, applying whitespace control the way transformers configures Jinja2
 * for chat templates ({@code trim_blocks=True}, {@code lstrip_blocks=True}, {@code keep_trailing_newline=False}):
 * the whitespace rules decide every byte of a prompt, so they live here in one place rather than in the parser.
 * <ul>
 * <li>{@code {%-}, {@code {{-}, {@code {#-} strip all whitespace before the tag; {@code -%}}, {@code -}}}, {@code -#}}
 * strip all whitespace after it;
 * <li>trim_blocks: the first newline after {@code %}} or {@code #}} is dropped ({@code +%}} keeps it);
 * <li>lstrip_blocks: spaces and tabs between the start of a line and {@code {%} or {@code {#} are dropped
 * ({@code {%+} keeps them);
 * <li>one trailing newline at the end of the template is dropped.
 * </ul>
 * Inside tags it produces expression tokens; a tag ends at its closing delimiter only outside brackets, so dict
 * literals such as {@code {{ {'a': {}} }}} lex as Jinja2 lexes them.
 */
final class Lexer {
    private static final Pattern ENDRAW = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%}");
    private static final String[] OPERATORS = {
        "//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}",
        ",", ".", ":", "|"
    };

    private final String src;
    private final String name;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    /** The previous tag ended with '-': strip all whitespace at the start of the next text. */
    private boolean stripNext;
    /** The previous tag was a block or comment ending without '-' or '+': drop one newline (trim_blocks). */
    private boolean trimNext;

    private Lexer(String source, String name) {
        String s = source;
        if (s.endsWith("\r\n")) s = s.substring(0, s.length() - 2);
        else if (s.endsWith("\n") || s.endsWith("\r")) s = s.substring(0, s.length() - 1);
        this.src = s;
        this.name = name;
    }

    static List<Token> tokenize(String source, String name) {
        Lexer lexer = new Lexer(source, name);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            int tag = nextTag(pos);
            int textLine = line;
            String text = leadingControl(src.substring(pos, tag < 0 ? src.length() : tag));
            if (tag < 0) {
                emitText(text, textLine);
                advanceTo(src.length());
                break;
            }
            char kind = src.charAt(tag + 1);
            char mod = tag + 2 < src.length() ? src.charAt(tag + 2) : 0;
            emitText(trailingControl(text, tag, kind != '{', mod), textLine);
            advanceTo(tag);
            int tagLine = line;
            int inner = tag + 2 + (mod == '-' || mod == '+' ? 1 : 0);
            switch (kind) {
                case '#' -> comment(inner, tagLine);
                case '{' -> expressionTag(inner, tagLine, false);
                default -> {
                    expressionTag(inner, tagLine, true);
                    int n = tokens.size();
                    if (n >= 3 && tokens.get(n - 3).kind() == Kind.BLOCK_BEGIN && tokens.get(n - 2).isName("raw")
                            && tokens.get(n - 1).kind() == Kind.BLOCK_END) {
                        tokens.subList(n - 3, n).clear();
                        raw(tagLine);
                    }
                }
            }
        }
        tokens.add(new Token(Kind.EOF, "", null, line));
    }

    /** Index of the next "{{", "{%" or "{#" at or after from, or -1. */
    private int nextTag(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') return i;
        }
        return -1;
    }

    /** Applies what the previous tag's end asked of the following text. */
    private String leadingControl(String text) {
        String t = text;
        if (stripNext) t = Values.lstrip(t, null);
        else if (trimNext) {
            if (t.startsWith("\r\n")) t = t.substring(2);
            else if (t.startsWith("\n") || t.startsWith("\r")) t = t.substring(1);
        }
        stripNext = trimNext = false;
        return t;
    }

    /** Applies the coming tag's '-' or lstrip_blocks to the text before it. */
    private String trailingControl(String text, int tag, boolean block, char mod) {
        if (mod == '-') return Values.rstrip(text, null);
        if (block && mod != '+' && atLineStart(tag)) {
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) end--;
            return text.substring(0, end);
        }
        return text;
    }

    /** Whether only spaces and tabs stand between the start of the line and index i of the source. */
    private boolean atLineStart(int i) {
        int j = i;
        while (j > 0 && (src.charAt(j - 1) == ' ' || src.charAt(j - 1) == '\t')) j--;
        return j == 0 || src.charAt(j - 1) == '\n' || src.charAt(j - 1) == '\r';
    }

    private void emitText(String text, int textLine) {
        if (!text.isEmpty()) tokens.add(new Token(Kind.TEXT, text, null, textLine));
    }

    private void advanceTo(int i) {
        for (int k = pos; k < i; k++) if (src.charAt(k) == '\n') line++;
        pos = i;
    }

    private void endFlags(char mod, boolean block) {
        if (mod == '-') stripNext = true;
        else if (mod != '+' && block) trimNext = true;
    }

    private void comment(int inner, int tagLine) {
        int end = src.indexOf("#}", inner);
        if (end < 0) throw JinjaException.at(name, tagLine, "unclosed comment '{#'");
        char mod = end > inner && src.charAt(end - 1) == '-' ? '-' : end > inner && src.charAt(end - 1) == '+' ? '+' : 0;
        advanceTo(end + 2);
        endFlags(mod, true);
    }

    private void raw(int openLine) {
        Matcher m = ENDRAW.matcher(src);
        if (!m.find(pos)) throw JinjaException.at(name, openLine, "unclosed block 'raw' opened at line " + openLine);
        int textLine = line;
        String text = leadingControl(src.substring(pos, m.start()));
        char mod = m.group(1).isEmpty() ? 0 : m.group(1).charAt(0);
        emitText(trailingControl(text, m.start(), true, mod), textLine);
        advanceTo(m.end());
        endFlags(m.group(2).isEmpty() ? 0 : m.group(2).charAt(0), true);
    }

    private void expressionTag(int inner, int tagLine, boolean block) {
        String close = block ? "%}" : "}}";
        tokens.add(new Token(block ? Kind.BLOCK_BEGIN : Kind.VAR_BEGIN, block ? "{%" : "{{", null, tagLine));
        advanceTo(inner);
        int depth = 0;
        while (true) {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) advanceTo(pos + 1);
            if (pos >= src.length()) {
                throw JinjaException.at(name, tagLine, "unclosed tag '" + (block ? "{%" : "{{") + "'");
            }
            if (depth == 0) {
                if (src.startsWith("-" + close, pos) || (block && src.startsWith("+" + close, pos))) {
                    int l = line;
                    char mod = src.charAt(pos);
                    advanceTo(pos + 3);
                    endFlags(mod, block);
                    tokens.add(new Token(block ? Kind.BLOCK_END : Kind.VAR_END, close, null, l));
                    return;
                }
                if (src.startsWith(close, pos)) {
                    int l = line;
                    advanceTo(pos + 2);
                    endFlags((char) 0, block);
                    tokens.add(new Token(block ? Kind.BLOCK_END : Kind.VAR_END, close, null, l));
                    return;
                }
            }
            Token t = next();
            if (t.kind() == Kind.OP) {
                switch (t.text()) {
                    case "(", "[", "{" -> depth++;
                    case ")", "]", "}" -> depth = Math.max(0, depth - 1);
                    default -> { }
                }
            }
            tokens.add(t);
        }
    }

    /** Lexes one expression token at pos. */
    private Token next() {
        int l = line;
        char c = src.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            int e = pos;
            while (e < src.length() && (Character.isLetterOrDigit(src.charAt(e)) || src.charAt(e) == '_')) e++;
            String word = src.substring(pos, e);
            advanceTo(e);
            return new Token(Kind.NAME, word, null, l);
        }
        if (Character.isDigit(c)) return number(l);
        if (c == '\'' || c == '"') return string(l);
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                advanceTo(pos + op.length());
                return new Token(Kind.OP, op, null, l);
            }
        }
        throw JinjaException.at(name, l, "unexpected character '" + c + "'");
    }

    private Token number(int l) {
        int e = pos;
        while (e < src.length() && (Character.isDigit(src.charAt(e)) || src.charAt(e) == '_')) e++;
        boolean isFloat = false;
        if (e + 1 < src.length() && src.charAt(e) == '.' && Character.isDigit(src.charAt(e + 1))) {
            isFloat = true;
            e++;
            while (e < src.length() && (Character.isDigit(src.charAt(e)) || src.charAt(e) == '_')) e++;
        }
        if (e < src.length() && (src.charAt(e) == 'e' || src.charAt(e) == 'E')) {
            int x = e + 1;
            if (x < src.length() && (src.charAt(x) == '+' || src.charAt(x) == '-')) x++;
            if (x < src.length() && Character.isDigit(src.charAt(x))) {
                isFloat = true;
                e = x;
                while (e < src.length() && Character.isDigit(src.charAt(e))) e++;
            }
        }
        String text = src.substring(pos, e);
        String digits = text.replace("_", "");
        advanceTo(e);
        try {
            return isFloat
                    ? new Token(Kind.FLOAT, text, Double.parseDouble(digits), l)
                    : new Token(Kind.INT, text, Long.parseLong(digits), l);
        } catch (NumberFormatException x) {
            throw JinjaException.at(name, l, "malformed number '" + text + "'");
        }
    }

    private Token string(int l) {
        char quote = src.charAt(pos);
        StringBuilder sb = new StringBuilder();
        int i = pos + 1;
        while (true) {
            if (i >= src.length()) throw JinjaException.at(name, l, "unterminated string literal");
            char c = src.charAt(i);
            if (c == quote) break;
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 >= src.length()) throw JinjaException.at(name, l, "unterminated string literal");
            char e = src.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case 'a' -> sb.append('\u0007');
                case '0' -> sb.append('\0');
                case '\\', '\'', '"' -> sb.append(e);
                case '\n' -> { }
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n > src.length()) throw JinjaException.at(name, l, "malformed escape '\\" + e + "'");
                    try {
                        sb.appendCodePoint(Integer.parseInt(src.substring(i, i + n), 16));
                    } catch (IllegalArgumentException x) {
                        throw JinjaException.at(name, l, "malformed escape '\\" + e + src.substring(i, i + n) + "'");
                    }
                    i += n;
                }
                default -> sb.append('\\').append(e);
            }
        }
        String text = src.substring(pos, i + 1);
        advanceTo(i + 1);
        return new Token(Kind.STRING, text, sb.toString(), l);
    }
}
