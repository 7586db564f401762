package sputnik.datasets.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Verdict;

class MathGraderTest {

    private final MathGrader grader = new MathGrader();

    private static Problem problem(String answer) {
        return new Problem("test/algebra/1.json", Prompt.text("Solve it."), answer, null);
    }

    private static Completion stop(String text) {
        return new Completion(text, null, FinishReason.STOP, 10, 20, null);
    }

    private static Completion cutOff(String text) {
        return new Completion(text, null, FinishReason.LENGTH, 10, 4096, null);
    }

    private Grade grade(String reference, String response) {
        return grader.grade(problem(reference), stop(response));
    }

    @Test
    void isNamedMathAndRegisteredBesideTheIntegerGrader() {
        assertThat(grader.name()).isEqualTo("math");
        assertThat(grader.description()).isNotBlank().doesNotContain("\n");
        assertThat(ServiceLoader.load(Grader.class).stream().map(p -> p.get().name())).contains("math", "integer");
    }

    @Nested
    class Boxed {

        @Test
        void anEquivalentBoxedAnswerIsCorrect() {
            Grade g = grade("\\frac{14}{3}", "So $x = \\frac{7}{3} \\cdot 2$, i.e. $\\boxed{\\dfrac{28}{6}}$.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("\\dfrac{28}{6}");
            assertThat(g.voteKey()).isEqualTo("14/3");
            assertThat(g.detail()).containsEntry("rule", "boxed").containsEntry("truncated", false)
                    .containsEntry("reason", "equal exactly: 14/3");
        }

        @Test
        void theLastBoxWins() {
            Grade g = grade("204", "First \\boxed{205}. Wait, I dropped a carry: \\boxed{204}");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("204");

            Grade draft = grade("205", "First \\boxed{205}. Wait, I dropped a carry: \\boxed{204}");
            assertThat(draft.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(draft.detail()).containsEntry("reason", "differ: 204 vs 205");
        }

        @Test
        void structuredAnswersAreComparedByMeaning() {
            assertThat(grade("\\left( 3, \\frac{\\pi}{2} \\right)", "$\\boxed{(3, \\pi/2)}$").verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(grade("(-\\infty,-2)\\cup(2,\\infty)", "\\boxed{(2,\\infty)\\cup(-\\infty,-2)}").verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(grade("1 \\pm \\sqrt{19}", "\\boxed{1-\\sqrt{19}, 1+\\sqrt{19}}").verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(grade("\\text{Evelyn}", "\\boxed{\\text{Evelyn}}").voteKey()).isEqualTo("evelyn");
            assertThat(grade("x=5", "\\boxed{5}").verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(grade("(1,2)", "\\boxed{(2,1)}").verdict()).isEqualTo(Verdict.INCORRECT);
        }

        @Test
        void fboxCounts() {
            assertThat(grade("\\frac12", "\\fbox{0.5}").verdict()).isEqualTo(Verdict.CORRECT);
        }
    }

    @Nested
    class AnswerPhrase {

        @Test
        void theAnswerIsADollarSpan() {
            Grade g = grade("\\frac{1}{2}", "Halving it, the answer is $\\frac{1}{2}$ as claimed.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("\\frac{1}{2}");
            assertThat(g.detail()).containsEntry("rule", "answer_phrase");
        }

        @Test
        void anEscapedDollarInsideTheSpanIsAPriceNotItsEnd() {
            Grade g = grade("\\$32,\\!348", "So the answer is $\\$32{,}348$.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("\\$32{,}348");
            assertThat(g.voteKey()).isEqualTo("32348");
        }

        @Test
        void theAnswerRunsToTheEndOfTheLineMinusAPeriod() {
            Grade g = grade("2\\sqrt{5}", "We simplify.\nThe final answer is 2\\sqrt{5}.\nThanks!");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("2\\sqrt{5}");
        }

        @Test
        void markdownBoldIsStripped() {
            Grade g = grade("(2,4)", "**Final Answer:** (2, 4)");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("(2, 4)");
        }

        @Test
        void answerColonOnItsOwnLineReadsTheNextLine() {
            Grade g = grade("\\frac{3}{56}", "Answer:\n\n$$\n\\frac{3}{56}\n$$");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("\\frac{3}{56}");
        }

        @Test
        void theRightmostPhraseWins() {
            Grade g = grade("7", "At first the answer is 6. Rechecking, the answer is 7.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("7");
        }

        @Test
        void aBoxOutranksAPhrase() {
            Grade g = grade("7", "The answer is \\boxed{7}. (Earlier I thought the answer is 6.)");
            assertThat(g.extracted()).isEqualTo("7");
            assertThat(g.detail()).containsEntry("rule", "boxed");
        }

        @Test
        void thereIsNoLastNumberFallback() {
            Grade g = grade("42", "I computed 6 * 7 = 42 and stopped there.");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.extracted()).isNull();
            assertThat(g.voteKey()).isNull();
            assertThat(g.detail()).containsEntry("rule", "none").containsEntry("truncated", false);
        }

        @Test
        void proseAfterThePhraseIsIncorrectNotAGuess() {
            Grade g = grade("42", "The answer is the product of the two numbers.");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.detail()).containsEntry("rule", "answer_phrase");
        }
    }

    @Nested
    class FinalAnswerOnly {

        @Test
        void anAnswerInsideThinkingDoesNotCount() {
            Grade g = grade("\\frac12", "<think>maybe \\boxed{\\frac12}</think>I am not sure.");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.detail()).containsEntry("rule", "none");
        }

        @Test
        void anUnclosedThinkIsTruncated() {
            Grade g = grade("\\frac12", "<think>so it is \\boxed{\\frac12} or");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.extracted()).isNull();
            assertThat(g.detail()).containsEntry("truncated", true).containsEntry("rule", "none");
        }

        @Test
        void theSeparateReasoningFieldIsIgnored() {
            Completion c = new Completion("No idea.", "the answer is \\boxed{\\frac12}", FinishReason.STOP, 1, 1, null);
            assertThat(grader.grade(problem("\\frac12"), c).verdict()).isEqualTo(Verdict.INCORRECT);
        }

        @Test
        void cutOffWithoutACompleteBoxIsIncorrectAndTruncated() {
            Grade phrase = grader.grade(problem("\\frac{1}{2}"), cutOff("... so the answer is \\frac{1}{2"));
            assertThat(phrase.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(phrase.detail()).containsEntry("truncated", true).containsEntry("rule", "none");

            Grade openBox = grader.grade(problem("\\frac{1}{2}"), cutOff("... so \\boxed{\\frac{1}{2"));
            assertThat(openBox.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(openBox.detail()).containsEntry("truncated", true);
        }

        @Test
        void cutOffAfterACompleteBoxIsGraded() {
            Grade g = grader.grade(problem("\\frac{1}{2}"), cutOff("So \\boxed{\\frac{1}{2}}. Let me double-check by"));
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.detail()).containsEntry("truncated", true).containsEntry("rule", "boxed");
        }
    }

    @Test
    void aProblemWithoutAReferenceIsASuiteError() {
        Problem broken = new Problem("p-9", Prompt.text("?"), null, null);
        assertThatThrownBy(() -> grader.grade(broken, stop("\\boxed{1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p-9");
    }

    @Test
    void equivalentAnswersShareAVoteKey() {
        assertThat(grade("\\frac12", "\\boxed{0.5}").voteKey())
                .isEqualTo(grade("\\frac12", "\\boxed{\\frac{1}{2}}").voteKey())
                .isEqualTo("1/2");
        assertThat(grade("3, 5, 7", "\\boxed{7, 5, 3}").voteKey()).isEqualTo(grade("3, 5, 7", "\\boxed{3,5,7}").voteKey());
    }
}
