package sputnik.datasets.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuestionEchoTest {
    @Test
    void anExpressionCopiedFromTheQuestionIsFound() {
        assertThat(QuestionEcho.find("\\tan 100^\\circ + 4 \\sin 100^\\circ", "Simplify $\\tan 100^\\circ + 4 \\sin 100^\\circ.$", "-\\sqrt{3}"))
                .contains("\\tan 100^\\circ + 4 \\sin 100^\\circ.");
        assertThat(QuestionEcho.find("f(4)", "If $f(x) = 3x + 2$, what is $f(4)$?", "14")).contains("f(4)");
        assertThat(QuestionEcho.find("\\binom{10}{5}", "Compute $\\dbinom{10}{5}$.", "252")).isPresent();
        assertThat(QuestionEcho.find("3x+2", "If $f(x) = 3x + 2$, find $f(4)$.", "14")).contains("3x + 2");
    }

    @Test
    void notACopy() {
        assertThat(QuestionEcho.find("\\frac{2}{\\sqrt{2}}", "Simplify $\\frac{\\sqrt{2}}{2} \\cdot 2$.", "\\sqrt{2}")).isEmpty();
        assertThat(QuestionEcho.find("5", "If $x = 5$, what is $x$?", "5")).isEmpty(); // a plain number
        assertThat(QuestionEcho.find("x", "Solve $x + 1 = 2$ for $x$.", "1")).isEmpty(); // a single symbol
        assertThat(QuestionEcho.find("\\frac{1}{2}", "What is $\\frac{1}{2}$ of 4?", "\\frac{1}{2}")).isEmpty(); // the reference itself
        assertThat(QuestionEcho.find("2x", "Simplify $x + x$.", "2x")).isEmpty();
        assertThat(QuestionEcho.find("\\sqrt{2}", null, "\\sqrt{2}")).isEmpty();
        assertThat(QuestionEcho.find("\\text{east}", "Which way is $\\text{east}$?", "north")).isEmpty(); // words
    }
}
