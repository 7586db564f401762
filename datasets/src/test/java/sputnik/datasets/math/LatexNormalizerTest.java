package sputnik.datasets.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatexNormalizerTest {

    private static NormalizedAnswer normalize(String raw) {
        return LatexNormalizer.normalize(raw);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            $\\frac{1}{2}$                              | \\frac{1}{2}
            \\(x\\)                                     | x
            \\[ x \\]                                   | x
            \\left( 3, \\frac{\\pi}{2} \\right)         | ( 3, \\frac{\\pi}{2} )
            "\\left.x\\right|"                          | "x|"
            \\dfrac{1}{2}                               | \\frac{1}{2}
            \\tfrac12                                   | \\frac12
            \\displaystyle\\frac12                      | \\frac12
            1\\,\\;\\!\\quad 2                          | 1 2
            10,\\!080                                   | 10080
            11,\\! 111,\\! 111,\\! 100                  | 11111111100
            1{,}000                                     | 1000
            58,500                                      | 58500
            "1,500,2"                                   | "1,500,2"
            \\$32,\\!348                                | 32348
            \\$18.90                                    | 18.90
            5\\%                                        | 5
            90^\\circ                                   | 90^\\circ
            90^{\\circ}                                 | 90^\\circ
            90°                                         | 90^\\circ
            90 \\text{ degrees}                         | 90^\\circ
            \\frac{270}7\\text{ degrees}                | \\frac{270}7^\\circ
            \\boxed{5}                                  | 5
            x = 5.                                      | x = 5
            \\text{(C)}                                 | (C)
            \\mathrm{e}                                 | e
            x = 1 \\text{ or } x = 2                    | "x = 1 , x = 2"
            \\mathbb{R}                                 | "(-\\infty,\\infty)"
            """)
    void cleansPresentation(String raw, String math) {
        assertThat(normalize(raw).math()).isEqualTo(math);
    }

    @Test
    void splitsOffUnits() {
        assertThat(normalize("5 \\text{ cm}")).extracting(NormalizedAnswer::math, NormalizedAnswer::unit).containsExactly("5", "cm");
        assertThat(normalize("864 \\mbox{ inches}^2").unit()).isEqualTo("inch^2");
        assertThat(normalize("15\\mbox{ cm}^2").unit()).isEqualTo("cm^2");
        assertThat(normalize("5.4 \\text{ cents}").unit()).isEqualTo("cent");
        assertThat(normalize("12 square units").unit()).isEqualTo("unit^2");
        assertThat(normalize("\\text{5 cm}").unit()).isEqualTo("cm");
        assertThat(normalize("5m").unit()).isNull(); // a product, not metres
        assertThat(normalize("2\\mathrm{e}").unit()).isNull(); // one letter is a symbol, not a unit
    }

    @Test
    void recognisesWordAnswers() {
        assertThat(normalize("\\text{Evelyn}")).extracting(NormalizedAnswer::words, NormalizedAnswer::wordKey).containsExactly(true, "evelyn");
        assertThat(normalize("\\text{(C)}")).extracting(NormalizedAnswer::words, NormalizedAnswer::wordKey).containsExactly(true, "c");
        assertThat(normalize("East").words()).isTrue();
        assertThat(normalize("no solution").wordKey()).isEqualTo("nosolution");
        assertThat(normalize("(C)")).extracting(NormalizedAnswer::words, NormalizedAnswer::wordKey).containsExactly(false, "c");
        assertThat(normalize("ab").words()).isFalse(); // a product of two variables
        assertThat(normalize("sqrt x").words()).isFalse(); // a function name is math
        assertThat(normalize("\\text{204}").words()).isFalse(); // digits in a text wrapper are a number
    }

    @Test
    void keepsRowBreaksWhileRemovingSpacing() {
        assertThat(normalize("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}").math()).isEqualTo("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}");
    }
}
