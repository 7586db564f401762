package sputnik.datasets.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The table of equivalence cases in {@code equivalence-cases.txt}: raw LaTeX as models and MATH write
 * it, one case a line, so that cases read as answers rather than as Java string escapes.
 */
class MathEquivalenceCasesTest {

    private static final MathEquivalence MATH = new MathEquivalence();

    record Case(int line, boolean equivalent, String predicted, String reference) {
        String name() {
            return "line " + line + ": " + predicted + (equivalent ? "  ==  " : "  !=  ") + reference;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = MathEquivalenceCasesTest.class.getResourceAsStream("equivalence-cases.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) continue;
                char verdict = line.charAt(0);
                if (verdict != '=' && verdict != '!') throw new IllegalStateException("line " + number + ": starts with " + verdict);
                String[] sides = line.substring(1).split("\\|\\|\\|", -1);
                if (sides.length != 2) throw new IllegalStateException("line " + number + ": needs one '|||'");
                cases.add(new Case(number, verdict == '=', sides[0].strip(), sides[1].strip()));
            }
        }
        return cases;
    }

    @Test
    void theTableHasManyCasesOfBothVerdicts() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
        assertThat(cases.stream().filter(Case::equivalent).count()).isGreaterThanOrEqualTo(100);
        assertThat(cases.stream().filter(c -> !c.equivalent()).count()).isGreaterThanOrEqualTo(100);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsVerdict() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Equivalence result = MATH.compare(c.predicted(), c.reference());
            assertThat(result.equivalent()).as("%s (reason: %s)", c.name(), result.reason()).isEqualTo(c.equivalent());
            assertThat(result.reason()).isNotBlank();
        }));
    }

    /** Equivalence is symmetric: which side is the model's must not change the verdict. */
    @TestFactory
    Stream<DynamicTest> everyCaseGetsTheSameVerdictWithSidesSwapped() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest("swapped " + c.name(), () -> {
            Equivalence result = MATH.compare(c.reference(), c.predicted());
            assertThat(result.equivalent()).as("%s swapped (reason: %s)", c.name(), result.reason()).isEqualTo(c.equivalent());
        }));
    }
}
