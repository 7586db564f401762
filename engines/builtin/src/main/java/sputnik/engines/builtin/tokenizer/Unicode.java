package sputnik.engines.builtin.tokenizer;

import java.util.Arrays;

/**
 * Code point classes as llama.cpp's tokenizer sees them (its unicode.cpp and unicode-data.cpp): one
 * general-category flag per code point (letter, number, punctuation, symbol, mark, separator, control,
 * or undefined for unassigned code points), and the White_Space set.
 *
 * <p>llama.cpp's tables are generated from Unicode 15.1; Java 25's {@link Character} implements Unicode
 * 16.0. The only difference at this granularity is the 5,185 code points first assigned in 16.0, which
 * llama.cpp holds undefined: {@link #NEW_IN_16} lists them and {@link #category} reports them as {@link
 * #UNDEFINED}. A test checks every code point against ICU4J's Unicode 15.1 data.
 */
final class Unicode {
    private Unicode() {}

    static final int UNDEFINED = 0x0001;
    static final int NUMBER = 0x0002;
    static final int LETTER = 0x0004;
    static final int SEPARATOR = 0x0008;
    static final int ACCENT_MARK = 0x0010;
    static final int PUNCTUATION = 0x0020;
    static final int SYMBOL = 0x0040;
    static final int CONTROL = 0x0080;

    /** Inclusive ranges of the code points assigned in Unicode 16.0 (unassigned in 15.1). */
    static final int[] NEW_IN_16 = {
        0x0897, 0x0897, 0x1B4E, 0x1B4F, 0x1B7F, 0x1B7F, 0x1C89, 0x1C8A,
        0x2427, 0x2429, 0x31E4, 0x31E5, 0xA7CB, 0xA7CD, 0xA7DA, 0xA7DC,
        0x105C0, 0x105F3, 0x10D40, 0x10D65, 0x10D69, 0x10D85, 0x10D8E, 0x10D8F,
        0x10EC2, 0x10EC4, 0x10EFC, 0x10EFC, 0x11380, 0x11389, 0x1138B, 0x1138B,
        0x1138E, 0x1138E, 0x11390, 0x113B5, 0x113B7, 0x113C0, 0x113C2, 0x113C2,
        0x113C5, 0x113C5, 0x113C7, 0x113CA, 0x113CC, 0x113D5, 0x113D7, 0x113D8,
        0x113E1, 0x113E2, 0x116D0, 0x116E3, 0x11BC0, 0x11BE1, 0x11BF0, 0x11BF9,
        0x11F5A, 0x11F5A, 0x13460, 0x143FA, 0x16100, 0x16139, 0x16D40, 0x16D79,
        0x18CFF, 0x18CFF, 0x1CC00, 0x1CCF9, 0x1CD00, 0x1CEB3, 0x1E5D0, 0x1E5FA,
        0x1E5FF, 0x1E5FF, 0x1F8B2, 0x1F8BB, 0x1F8C0, 0x1F8C1, 0x1FA89, 0x1FA89,
        0x1FA8F, 0x1FA8F, 0x1FABE, 0x1FABE, 0x1FAC6, 0x1FAC6, 0x1FADC, 0x1FADC,
        0x1FADF, 0x1FADF, 0x1FAE9, 0x1FAE9, 0x1FBCB, 0x1FBEF,
    };

    private static final int[] NEW_STARTS = new int[NEW_IN_16.length / 2];

    static {
        for (int i = 0; i < NEW_STARTS.length; i++) NEW_STARTS[i] = NEW_IN_16[2 * i];
    }

    static boolean newInUnicode16(int cp) {
        if (cp < NEW_STARTS[0]) return false;
        int i = Arrays.binarySearch(NEW_STARTS, cp);
        if (i < 0) i = -i - 2;
        return cp <= NEW_IN_16[2 * i + 1];
    }

    /** The one category flag of a code point (0 for values outside 0..0x10FFFF). */
    static int category(int cp) {
        if (cp < 0 || cp > Character.MAX_CODE_POINT) return 0;
        if (cp >= 0x0897 && newInUnicode16(cp)) return UNDEFINED;
        return switch (Character.getType(cp)) {
            case Character.UNASSIGNED -> UNDEFINED;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER -> LETTER;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SEPARATOR;
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> ACCENT_MARK;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> SYMBOL;
            default -> CONTROL; // Cc, Cf, Cs, Co
        };
    }

    /** Unicode's White_Space property (what llama.cpp's {@code \s} and {@code is_whitespace} mean). */
    static boolean isWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    static boolean isLetter(int cp) {
        return category(cp) == LETTER;
    }

    static boolean isNumber(int cp) {
        return category(cp) == NUMBER;
    }

    /**
     * The "collapsed" stand-in llama.cpp gives a code point before running a std::regex that uses
     * {@code \p{..}} classes: ASCII stays itself, other whitespace becomes 0x0B, other code points
     * become one byte per category (0xD1 number, 0xD2 letter, 0xD3 punctuation, 0xD4 mark, 0xD5
     * symbol, 0xD0 anything else).
     */
    static char collapsed(int cp) {
        if (cp < 128) return (char) cp;
        if (isWhitespace(cp)) return 0x0B;
        return switch (category(cp)) {
            case NUMBER -> 0xD1;
            case LETTER -> 0xD2;
            case PUNCTUATION -> 0xD3;
            case ACCENT_MARK -> 0xD4;
            case SYMBOL -> 0xD5;
            default -> 0xD0;
        };
    }

    /**
     * What llama.cpp's std::wregex path sees: the code point itself, except that whitespace beyond
     * ASCII becomes 0x0B (std::wregex's {@code \s} knows only ASCII).
     */
    static int wide(int cp) {
        return cp > 0x7F && isWhitespace(cp) ? 0x0B : cp;
    }

    /** std::regex's {@code \s} in the C locale: tab, newline, vertical tab, form feed, return, space. */
    static boolean isAsciiSpace(int c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0D);
    }
}
