package sputnik.datasets.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Verdict;

class IntegerAnswerGraderTest {

    private final IntegerAnswerGrader grader = new IntegerAnswerGrader();

    private static Problem problem(String answer) {
        return new Problem("p-1", Prompt.text("What is it?"), answer, null);
    }

    private static Completion stop(String text) {
        return new Completion(text, null, FinishReason.STOP, 10, 20, null);
    }

    private static Completion cutOff(String text) {
        return new Completion(text, null, FinishReason.LENGTH, 10, 1024, null);
    }

    private Grade grade(String reference, String response) {
        return grader.grade(problem(reference), stop(response));
    }

    @Test
    void isNamedIntegerAndRegisteredForServiceLoader() {
        assertThat(grader.name()).isEqualTo("integer");
        assertThat(grader.description()).isNotBlank().doesNotContain("\n");
        assertThat(ServiceLoader.load(Grader.class).stream().map(p -> p.get().name())).contains("integer");
    }

    @Nested
    class Boxed {

        @Test
        void aBoxedAnswerIsCorrect() {
            Grade g = grade("204", "347 - 143 = 204, so the answer is \\boxed{204}.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("204");
            assertThat(g.voteKey()).isEqualTo("204");
            assertThat(g.detail()).containsEntry("rule", "boxed").containsEntry("truncated", false);
        }

        @Test
        void severalBoxesMeanTheLastNeverTheirConcatenation() {
            Grade g = grade("204", "First I got \\boxed{205}. Wait, I dropped a carry. Correct: \\boxed{204}");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("204");

            Grade draftWrong = grade("205", "First I got \\boxed{205}. Wait, correct: \\boxed{204}");
            assertThat(draftWrong.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(draftWrong.voteKey()).isEqualTo("204");
        }

        @Test
        void nestedBracesAreMatched() {
            Grade g = grade("204", "Therefore $\\boxed{\\text{204}}$");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("\\text{204}");
            assertThat(g.voteKey()).isEqualTo("204");
        }

        @Test
        void fboxAndSpacedFormsCount() {
            assertThat(grade("12", "\\fbox{12}").verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(grade("12", "so $\\boxed 12$").verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(grade("12", "\\boxed {12}").verdict()).isEqualTo(Verdict.CORRECT);
        }

        @Test
        void aBoxOutranksALaterNumberAndPhrase() {
            Grade g = grade("9625", "\\boxed{9625}\n\nThe answer is 12. Check: 9625 + 91 = 9716");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.detail()).containsEntry("rule", "boxed");
        }

        @Test
        void anUnclosedBoxIsNotAnAnswerButAnEarlierOneIs() {
            Grade g = grade("7", "maybe \\boxed{7} or rather \\boxed{8");
            assertThat(g.extracted()).isEqualTo("7");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
        }

        @Test
        void negativeAnswersInMathMode() {
            Grade g = grade("-71265", "The result is $\\boxed{-71265}$.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.voteKey()).isEqualTo("-71265");
            assertThat(grade("-71265", "\\boxed{71265}").verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(grade("-5", "\\boxed{\u22125}").verdict()).isEqualTo(Verdict.CORRECT);
        }

        @Test
        void aNonIntegerBoxIsIncorrectWithItsRawText() {
            Grade g = grade("1", "\\boxed{\\frac{3}{4}}");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.extracted()).isEqualTo("\\frac{3}{4}");
            assertThat(g.voteKey()).isNull();
            assertThat(g.detail()).containsEntry("rule", "boxed").containsEntry("not_integer", true);
        }
    }

    @Nested
    class AnswerPhrase {

        @Test
        void finalAnswerInBold() {
            Grade g = grade("204", "Adding up we get 200 + 4.\n\nThe final answer is **204**.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("204");
            assertThat(g.voteKey()).isEqualTo("204");
            assertThat(g.detail()).containsEntry("rule", "answer_phrase");
        }

        @Test
        void answerColonWithLeadingZeros() {
            Grade g = grade("25", "Answer: 025");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("025");
            assertThat(g.voteKey()).isEqualTo("25");
        }

        @Test
        void boldLabel() {
            Grade g = grade("-12", "**Final Answer:** $-12$");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.voteKey()).isEqualTo("-12");
        }

        @Test
        void thePhraseOutranksALaterNumber() {
            Grade g = grade("42", "The answer is 42. (I double-checked with 6 * 7 and 40 + 2.)");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.detail()).containsEntry("rule", "answer_phrase");
        }

        @Test
        void theRightmostPhraseWins() {
            Grade g = grade("41", "My first answer is 42. On reflection the answer is 41.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("41");
        }

        @Test
        void anAssignmentOrAWorkedExpressionGivesItsValue() {
            assertThat(grade("25", "The answer is x = 25.").voteKey()).isEqualTo("25");
            Grade g = grade("9625", "So the answer is 347 * 28 - 91 = 9625.");
            assertThat(g.extracted()).isEqualTo("347 * 28 - 91 = 9625");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
        }

        @Test
        void aFractionIsNotAnInteger() {
            Grade g = grade("1", "The answer is 3/4.");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.extracted()).isEqualTo("3/4");
            assertThat(g.voteKey()).isNull();
        }

        @Test
        void anExpressionIsNotAnInteger() {
            Grade g = grade("7", "The answer is 2x+1");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.extracted()).isEqualTo("2x+1");
            assertThat(g.voteKey()).isNull();
        }

        @Test
        void proseAfterThePhraseIsNoIntegerAndDoesNotFallThrough() {
            // A stated answer that is not an integer is wrong; reading a number out of it could make it "right".
            Grade g = grade("7", "The answer is the sum of 3 and 4, which is 7");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.detail()).containsEntry("rule", "answer_phrase");
            assertThat(grade("204", "The answer is about 204.").verdict()).isEqualTo(Verdict.INCORRECT);
        }

        @Test
        void finalAnswerOutranksALaterAnswerColon() {
            Grade g = grade("204", "My final answer is 204.\n\n(Answer: 205 if the ends count.)");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("204");
        }
    }

    @Nested
    class LastNumber {

        @Test
        void theLastIntegerIsTheFallback() {
            Grade g = grade("9625", "347 * 28 = 9716, and 9716 - 91 = 9625");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("9625");
            assertThat(g.detail()).containsEntry("rule", "last_number");
        }

        @Test
        void thousandsSeparatorsGroupedInThrees() {
            Grade g = grade("1234", "That makes 1,234");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("1,234");
            assertThat(g.voteKey()).isEqualTo("1234");
            assertThat(grade("1234567", "Total: 1,234,567 apples").verdict()).isEqualTo(Verdict.CORRECT);
        }

        @Test
        void aMinusIsASignOnlyWhenItIsNotSubtraction() {
            assertThat(grade("-2617", "62 + 38 - 2717 = -2617").voteKey()).isEqualTo("-2617");
            assertThat(grade("3", "8-5 leaves 5-2 = 3").voteKey()).isEqualTo("3");
            assertThat(grade("91", "347 - 91").voteKey()).isEqualTo("91");
        }

        @Test
        void aDecimalIsTakenWholeAndRejected() {
            Grade g = grade("5", "it comes to 2.5");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.extracted()).isEqualTo("2.5");
            assertThat(g.voteKey()).isNull();
        }

        @Test
        void noNumberAtAllIsNoAnswer() {
            Grade g = grade("5", "I am not sure.");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.extracted()).isNull();
            assertThat(g.voteKey()).isNull();
            assertThat(g.detail()).containsEntry("rule", "none").containsEntry("truncated", false);
        }
    }

    @Nested
    class Thinking {

        @Test
        void anUnclosedThinkIsNoAnswerEvenWithANumberInside() {
            Grade g = grade("204", "<think>\nLet me compute 347 - 143. That is 204. Let me double-check");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.extracted()).isNull();
            assertThat(g.voteKey()).isNull();
            assertThat(g.detail()).containsEntry("truncated", true).containsEntry("rule", "none");
        }

        @Test
        void aBoxInsideAnUnclosedThinkIsNoAnswer() {
            Grade g = grade("204", "<think>so \\boxed{204}");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.detail()).containsEntry("truncated", true);
        }

        @Test
        void numbersInsideAClosedThinkAreIgnored() {
            Grade g = grade("204", "<think>Maybe it is \\boxed{205}? Or 999.</think>\nThe result is \\boxed{204}.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.extracted()).isEqualTo("204");
        }

        @Test
        void aRightNumberInsideThinkDoesNotSaveAWrongAnswer() {
            Grade g = grade("204", "<think>It is 204.</think>The answer is 205.");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.voteKey()).isEqualTo("205");
        }

        @Test
        void aTemplateInjectedThinkHasOnlyItsClosingTag() {
            // Chat templates such as DeepSeek-R1's open <think> in the prompt, so the response carries
            // only the closing tag.
            Grade g = grade("204", "The sum is 999, hmm, no.\n</think>\n\nThe final answer is 204.");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
        }

        @Test
        void everythingUpToTheLastCloseIsDropped() {
            Grade g = grade("3", "<think>1</think>draft 2 <think>again</think> answer: 3");
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
        }

        @Test
        void aSecondThinkThatNeverClosesIsNoAnswer() {
            Grade g = grade("2", "<think>a</think>the answer is 2 <think>but wait");
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.detail()).containsEntry("truncated", true);
        }

        @Test
        void theReasoningFieldIsIgnored() {
            Completion c = new Completion("\\boxed{204}", "It might be \\boxed{205}, 205, answer: 205",
                    FinishReason.STOP, 10, 20, null);
            Grade g = grader.grade(problem("204"), c);
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);

            Completion onlyReasoning = new Completion("", "the answer is 204", FinishReason.STOP, 10, 20, null);
            assertThat(grader.grade(problem("204"), onlyReasoning).verdict()).isEqualTo(Verdict.INCORRECT);
        }
    }

    @Nested
    class CutOff {

        @Test
        void cutOffWithoutABoxIsTruncated() {
            Grade g = grader.grade(problem("1296"), cutOff("Let me see: 36 * 36 = 12"));
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.extracted()).isNull();
            assertThat(g.voteKey()).isNull();
            assertThat(g.detail()).containsEntry("truncated", true);
        }

        @Test
        void cutOffAfterAnAnswerPhraseIsStillTruncated() {
            Grade g = grader.grade(problem("12"), cutOff("The answer is 12"));
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.detail()).containsEntry("truncated", true);
        }

        @Test
        void cutOffAfterACompleteBoxCounts() {
            Grade g = grader.grade(problem("1296"), cutOff("\\boxed{1296}\n\nTo verify, 36 * 36 is"));
            assertThat(g.verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(g.detail()).containsEntry("rule", "boxed").containsEntry("truncated", true);
        }

        @Test
        void cutOffInsideTheBoxIsTruncated() {
            Grade g = grader.grade(problem("1296"), cutOff("so \\boxed{12"));
            assertThat(g.verdict()).isEqualTo(Verdict.INCORRECT);
            assertThat(g.detail()).containsEntry("truncated", true);
        }
    }

    @Nested
    class Reference {

        @Test
        void comparedNumerically() {
            assertThat(grade("025", "\\boxed{25}").verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(grade(" 25 ", "\\boxed{25}").verdict()).isEqualTo(Verdict.CORRECT);
            assertThat(grade("123456789012345678901234567890", "\\boxed{123456789012345678901234567890}").verdict())
                    .isEqualTo(Verdict.CORRECT);
        }

        @Test
        void aReferenceThatIsNotAnIntegerIsUngradableAndTheGraderSaysWhatToUseInstead() {
            assertThat(grader.ungradable(problem("025"))).isNull();
            assertThat(grader.ungradable(problem("\\frac{14}{3}")))
                    .isEqualTo("the reference answer '\\frac{14}{3}' is not an integer, so the integer grader cannot grade it:"
                            + " use --grader math, which compares fractions, radicals and other LaTeX answers");
            assertThat(grader.ungradable(problem(null))).isEqualTo("there is no reference answer to compare with");
            assertThat(new AimeGrader().ungradable(problem("2.5"))).contains("the aime grader cannot grade it");
        }

        @Test
        void aReferenceThatIsNotAnIntegerNamesTheProblem() {
            assertThatThrownBy(() -> grade("3/4", "\\boxed{1}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("p-1");
            assertThatThrownBy(() -> grade(null, "\\boxed{1}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("p-1");
        }
    }

    @Test
    void theSameInputAlwaysGetsTheSameGrade() {
        Completion c = stop("<think>hmm 3</think>The answer is **1,234**.");
        assertThat(grader.grade(problem("1234"), c)).isEqualTo(grader.grade(problem("1234"), c));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\\boxed{204}                          | 204",
        "$\\boxed{204}$                        | 204",
        "\\boxed{\\textbf{204}}                | 204",
        "\\boxed{204 \\text{ apples}}          | 204",
        "The answer is $204$.                  | 204",
        "Answer: 1{,}234                       | 1234",
        "Final answer: -0                      | 0",
        "The answer is: +17                    | 17",
        "`answer is 12,34`                     | ",
        "`so 1,2,3`                            | 3",
        "x = 25                                | 25",
    })
    void voteKeys(String response, String expectedKey) {
        assertThat(grade("0", response).voteKey()).isEqualTo(expectedKey);
    }
}
