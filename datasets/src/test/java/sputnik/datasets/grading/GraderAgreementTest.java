package sputnik.datasets.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Grade;

/**
 * The {@code aime} and {@code math} graders on every corpus case whose reference is an AIME answer (an integer
 * 0..999): where one credits a response and the other does not, it must be for one of two reasons chosen by
 * design, and nothing else.
 * <ol>
 *   <li><b>literal integer</b>: {@code aime} takes an integer only as written ("204", "x = 204", "204 meters"),
 *       while {@code math} decides equivalence, so {@code \frac{408}{2}}, {@code 2^3}, {@code 200+4} are
 *       correct for it and not for {@code aime} (AIME answers are integers written out);</li>
 *   <li><b>last number</b>: with no box, answer phrase or concluding statement, {@code aime} reads the last
 *       number of the answer part ("The remainder is 73."), while {@code math} finds no answer (a MATH
 *       answer is often no number, and the last number of a worked line is rarely the answer).</li>
 * </ol>
 */
class GraderAgreementTest {

    @Test
    void aimeAndMathDisagreeOnIntegerAnswersOnlyByDesign() {
        AimeGrader aime = new AimeGrader();
        MathGrader math = new MathGrader();
        List<String> unexplained = new ArrayList<>();
        int integerCases = 0, literal = 0, lastNumber = 0;
        for (GradingCorpusTest.Case c : GradingCorpusTest.cases()) {
            if (!c.answer().strip().matches("\\d{1,3}")) continue;
            integerCases++;
            Grade a = aime.grade(c.problem(), c.completion());
            Grade m = math.grade(c.problem(), c.completion());
            if (a.verdict().correct() == m.verdict().correct()) continue;
            if (m.verdict().correct() && !a.verdict().correct() && Boolean.TRUE.equals(a.detail().get("not_integer"))) {
                literal++;
            } else if (a.verdict().correct() && "last_number".equals(a.detail().get("rule")) && "none".equals(m.detail().get("rule"))) {
                lastNumber++;
            } else {
                unexplained.add(c.id() + ": aime " + a.verdict() + " (" + a.detail().get("rule") + ", " + a.extracted() + "), math " + m.verdict()
                        + " (" + m.detail().get("rule") + ", " + m.extracted() + ", " + m.detail().get("reason") + ")");
            }
        }
        System.out.printf("aime vs math on %d integer cases: %d literal-integer, %d last-number, %d other%n", integerCases, literal, lastNumber,
                unexplained.size());
        assertThat(integerCases).isGreaterThan(250);
        assertThat(unexplained).as("disagreements outside the two by-design reasons").isEmpty();
    }
}
