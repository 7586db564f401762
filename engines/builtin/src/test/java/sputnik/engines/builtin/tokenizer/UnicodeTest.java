package sputnik.engines.builtin.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterEnums.ECharacterCategory;
import com.ibm.icu.lang.UProperty;
import org.junit.jupiter.api.Test;

/** Sputnik's code point classes against ICU4J 74's Unicode 15.1 data, the version of llama.cpp's tables. */
class UnicodeTest {
    private static int icuFlag(int cp) {
        return switch (UCharacter.getType(cp)) {
            case ECharacterCategory.UNASSIGNED -> Unicode.UNDEFINED;
            case ECharacterCategory.DECIMAL_DIGIT_NUMBER, ECharacterCategory.LETTER_NUMBER, ECharacterCategory.OTHER_NUMBER -> Unicode.NUMBER;
            case ECharacterCategory.UPPERCASE_LETTER, ECharacterCategory.LOWERCASE_LETTER, ECharacterCategory.TITLECASE_LETTER,
                    ECharacterCategory.MODIFIER_LETTER, ECharacterCategory.OTHER_LETTER -> Unicode.LETTER;
            case ECharacterCategory.SPACE_SEPARATOR, ECharacterCategory.LINE_SEPARATOR, ECharacterCategory.PARAGRAPH_SEPARATOR -> Unicode.SEPARATOR;
            case ECharacterCategory.NON_SPACING_MARK, ECharacterCategory.COMBINING_SPACING_MARK, ECharacterCategory.ENCLOSING_MARK -> Unicode.ACCENT_MARK;
            case ECharacterCategory.CONNECTOR_PUNCTUATION, ECharacterCategory.DASH_PUNCTUATION, ECharacterCategory.START_PUNCTUATION,
                    ECharacterCategory.END_PUNCTUATION, ECharacterCategory.INITIAL_PUNCTUATION, ECharacterCategory.FINAL_PUNCTUATION,
                    ECharacterCategory.OTHER_PUNCTUATION -> Unicode.PUNCTUATION;
            case ECharacterCategory.MATH_SYMBOL, ECharacterCategory.CURRENCY_SYMBOL, ECharacterCategory.MODIFIER_SYMBOL,
                    ECharacterCategory.OTHER_SYMBOL -> Unicode.SYMBOL;
            default -> Unicode.CONTROL;
        };
    }

    @Test
    void icuIsUnicode151() {
        assertThat(UCharacter.getUnicodeVersion().getMajor()).isEqualTo(15);
        assertThat(UCharacter.getUnicodeVersion().getMinor()).isEqualTo(1);
    }

    @Test
    void everyCodePointHasUnicode151sCategoryAndWhiteSpace() {
        int mismatches = 0;
        StringBuilder first = new StringBuilder();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            boolean ok = Unicode.category(cp) == icuFlag(cp) && Unicode.isWhitespace(cp) == UCharacter.hasBinaryProperty(cp, UProperty.WHITE_SPACE);
            if (!ok && mismatches++ < 10) first.append(String.format(" U+%04X", cp));
        }
        assertThat(mismatches).as("code points classed differently:" + first).isZero();
    }

    @Test
    void collapsedStandsIns() {
        assertThat(Unicode.collapsed('a')).isEqualTo('a');
        assertThat(Unicode.collapsed('\u00E9')).isEqualTo((char) 0xD2);
        assertThat(Unicode.collapsed('\u0663')).isEqualTo((char) 0xD1); // Arabic-Indic three
        assertThat(Unicode.collapsed('\u00A0')).isEqualTo((char) 0x0B);
        assertThat(Unicode.collapsed('\u2014')).isEqualTo((char) 0xD3); // em dash
        assertThat(Unicode.collapsed('\u0301')).isEqualTo((char) 0xD4); // combining acute
        assertThat(Unicode.collapsed('\u20AC')).isEqualTo((char) 0xD5); // euro
        assertThat(Unicode.collapsed(0x1C89)).as("assigned in Unicode 16 only").isEqualTo((char) 0xD0);
    }
}
