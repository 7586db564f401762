package sputnik.datasets.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MathEquivalenceTest {

    private final MathEquivalence math = new MathEquivalence();

    private Equivalence compare(String predicted, String reference) {
        return math.compare(predicted, reference);
    }

    @Nested
    class Traps {

        @Test
        void aFractionEqualsItsExactDecimal() {
            assertThat(compare("\\frac{1}{2}", "0.5").equivalent()).isTrue();
            assertThat(compare("0.5", "\\frac{1}{2}").reason()).isEqualTo("equal exactly: 1/2");
        }

        @Test
        void aRoundedDecimalIsNotTheFraction() {
            Equivalence e = compare("0.333", "\\frac13");
            assertThat(e.equivalent()).isFalse();
            assertThat(e.reason()).isEqualTo("differ: 333/1000 vs 1/3");
            assertThat(compare("\\frac13", "0.333").equivalent()).isFalse();
        }

        @Test
        void tuplesAreOrderedAndSetsAreNot() {
            assertThat(compare("(1,2)", "(2,1)").equivalent()).isFalse();
            assertThat(compare("\\{1,2\\}", "\\{2,1\\}").equivalent()).isTrue();
            assertThat(compare("1, 2", "2, 1").equivalent()).isTrue();
        }

        @Test
        void intervalBracketsMatter() {
            Equivalence e = compare("[1,2)", "[1,2]");
            assertThat(e.equivalent()).isFalse();
            assertThat(e.reason()).startsWith("different brackets");
        }

        @Test
        void aPercentIsItsNumber() {
            assertThat(compare("10\\%", "10").equivalent()).isTrue();
            assertThat(compare("10", "10\\%").equivalent()).isTrue();
            assertThat(compare("0.1", "10\\%").equivalent()).isFalse();
        }

        @Test
        void anAssignmentStatesItsValue() {
            assertThat(compare("x=5", "5").equivalent()).isTrue();
            assertThat(compare("5", "x = 5").equivalent()).isTrue();
            assertThat(compare("x=6", "5").equivalent()).isFalse();
        }

        @Test
        void multipleChoiceLettersIgnoreTheirWrapping() {
            assertThat(compare("\\text{(B)}", "B").equivalent()).isTrue();
            assertThat(compare("B", "\\text{(B)}").equivalent()).isTrue();
            assertThat(compare("(C)", "\\text{(B)}").equivalent()).isFalse();
        }

        @Test
        void radicalsAreComparedByValue() {
            assertThat(compare("3\\sqrt{2}", "\\sqrt{18}").equivalent()).isTrue();
            assertThat(compare("\\frac{\\sqrt{3}}{3}", "\\frac{1}{\\sqrt{3}}").equivalent()).isTrue();
            assertThat(compare("3\\sqrt{2}", "4.2426").equivalent()).isFalse();
        }

        @Test
        void nearlyEqualIsNotEqual() {
            assertThat(compare("2", "2.0000000001").equivalent()).isFalse();
            assertThat(compare("2.0000000001", "2").equivalent()).isFalse();
        }

        @Test
        void plusMinusIsTheSetOfBothSigns() {
            assertThat(compare("1+\\sqrt{2}, 1-\\sqrt{2}", "1 \\pm \\sqrt{2}").equivalent()).isTrue();
            assertThat(compare("\\{1-\\sqrt{2}, 1+\\sqrt{2}\\}", "1 \\pm \\sqrt{2}").equivalent()).isTrue();
            assertThat(compare("1+\\sqrt{2}", "1 \\pm \\sqrt{2}").equivalent()).isFalse();
        }

        @Test
        void radiansAreNotDegrees() {
            assertThat(compare("\\frac{\\pi}{2}", "90^\\circ").equivalent()).isFalse();
            assertThat(compare("90", "90^\\circ").equivalent()).isTrue();
        }

        @Test
        void garbageIsNeverEquivalent() {
            assertThat(compare("asdf!!@#", "5").equivalent()).isFalse();
            assertThat(compare("\\frac{1}{", "\\frac{1}{2}").reason()).startsWith("could not parse predicted answer");
            assertThat(compare("", "5").equivalent()).isFalse();
            assertThat(compare(null, "5").equivalent()).isFalse();
            assertThat(compare("}{", "}{").equivalent()).isTrue(); // identical text is the same answer, parsed or not
        }
    }

    @Nested
    class Budgets {

        @Test
        @Timeout(value = 5, unit = TimeUnit.SECONDS)
        void hugeExponentsFinishFastAndAreNotEqualUnlessIdentical() {
            long start = System.nanoTime();
            assertThat(compare("10^{10^{10}}", "10^{10^{10}}+1").equivalent()).isFalse();
            assertThat(compare("2^{10^{10}}", "2^{10^{10}+1}").equivalent()).isFalse();
            assertThat(compare("10^{-10^{10}}", "0").equivalent()).isFalse();
            assertThat(compare("(10^{10^{10}})!", "1").equivalent()).isFalse();
            assertThat(compare("\\binom{10^{10}}{10^{5}}", "1").equivalent()).isFalse();
            assertThat(compare("x^{10^{10}}", "x^{10^{10}} + 1").equivalent()).isFalse();
            assertThat(compare("10^{10^{10}}", "10^{10^{10}}").equivalent()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }

        @Test
        void largeButBoundedPowersAreExact() {
            assertThat(compare("2^{65536}", "4^{32768}").reason()).startsWith("equal exactly");
            assertThat(compare("2^{65536}", "4^{32768}+1").equivalent()).isFalse();
        }

        @Test
        void anExceededDeadlineIsNotEquivalent() {
            MathEquivalence instant = new MathEquivalence(
                    new MathLimits(2_000, 5_000, 100, 200_000, 5, 64, Duration.ZERO));
            Equivalence e = instant.compare("(x+1)^2", "x^2+2x+1");
            assertThat(e.equivalent()).isFalse();
            assertThat(e.reason()).startsWith("budget exceeded: deadline");
        }

        @Test
        void overLongInputIsRefused() {
            String tooLong = "1+".repeat(1_000) + "1";
            Equivalence e = compare(tooLong, "1001");
            assertThat(e.equivalent()).isFalse();
            assertThat(e.reason()).contains("longer than 2000 characters");
        }

        @Test
        void deepNestingIsRefused() {
            String deep = "(".repeat(500) + "1" + ")".repeat(500);
            Equivalence e = compare(deep, "1");
            assertThat(e.equivalent()).isFalse();
            assertThat(e.reason()).startsWith("budget exceeded: nesting");
        }

        @Test
        void tooManyPlusMinusSignsAreRefused() {
            Equivalence e = compare("\\pm1\\pm1\\pm1\\pm1\\pm1\\pm1\\pm1\\pm1", "0");
            assertThat(e.equivalent()).isFalse();
            assertThat(e.reason()).contains("\\pm signs");
        }

        @Test
        void tooManyElementsAreRefused() {
            String list = "1" + ",1".repeat(100);
            assertThat(compare(list, "1").reason()).contains("more than 64 elements");
        }

        @Test
        void limitsAreValidated() {
            assertThatThrownBy(() -> new MathLimits(0, 1, 1, 64, 0, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new MathLimits(1, 1, 1, 64, 0, 1, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Reasons {

        @Test
        void reasonsSayWhy() {
            assertThat(compare("x^2+2x+1", "(x+1)^2").reason()).startsWith("agree at 8 random points in [x]");
            assertThat(compare("x^2+2x", "(x+1)^2").reason()).startsWith("differ at x=");
            assertThat(compare("x+1", "y+1").reason()).isEqualTo("different variables: [x] vs [y]");
            assertThat(compare("(1,2)", "\\{1,2\\}").reason()).isEqualTo("different kinds of answer: a tuple vs a set");
            assertThat(compare("\\text{Navin}", "\\text{Evelyn}").reason()).isEqualTo("different words: 'navin' vs 'evelyn'");
            assertThat(compare("5 \\text{ cm}", "5 \\text{ m}").reason()).isEqualTo("different units: cm vs m");
            assertThat(compare("\\sqrt{2}", "\\frac{2}{\\sqrt2}").reason()).startsWith("equal numerically");
        }
    }

    @Nested
    class CanonicalKeys {

        @Test
        void equivalentAnswersShareAKey() {
            assertThat(math.canonicalKey("\\frac12")).contains("1/2");
            assertThat(math.canonicalKey("0.5")).contains("1/2");
            assertThat(math.canonicalKey("$\\dfrac{1}{2}$.")).contains("1/2");
            assertThat(math.canonicalKey("x = 5")).contains("5");
            assertThat(math.canonicalKey("10\\%")).contains("10");
            assertThat(math.canonicalKey("2\\sqrt2")).isEqualTo(math.canonicalKey("\\sqrt{8}"));
            assertThat(math.canonicalKey("1, -2")).isEqualTo(math.canonicalKey("\\{-2, 1\\}"));
            assertThat(math.canonicalKey("1 \\pm \\sqrt2")).isEqualTo(math.canonicalKey("1-\\sqrt2, 1+\\sqrt2"));
            assertThat(math.canonicalKey("\\text{Evelyn}")).contains("evelyn");
            assertThat(math.canonicalKey("6-5i")).contains("6-5i");
        }

        @Test
        void differentAnswersGetDifferentKeys() {
            assertThat(math.canonicalKey("(1,2)")).isNotEqualTo(math.canonicalKey("(2,1)"));
            assertThat(math.canonicalKey("[1,2)")).isNotEqualTo(math.canonicalKey("[1,2]"));
            assertThat(math.canonicalKey("\\frac13")).isNotEqualTo(math.canonicalKey("0.333"));
        }

        @Test
        void anUnparseableAnswerKeysAsItsNormalisedText() {
            assertThat(math.canonicalKey("$\\frac{1}{$")).contains("\\frac{1}{");
            assertThat(math.canonicalKey(null)).isEmpty();
        }
    }

    @Test
    void parseFailureExplainsWhatCannotBeParsed() {
        assertThat(math.parseFailure("\\frac{14}{3}")).isEmpty();
        assertThat(math.parseFailure("\\text{Evelyn}")).isEmpty();
        assertThat(math.parseFailure("\\unknown{3}")).contains("unsupported command \\unknown");
    }
}
