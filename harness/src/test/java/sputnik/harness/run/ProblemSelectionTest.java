package sputnik.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;

class ProblemSelectionTest {
    static Problem p(String id, Map<String, Object> data) {
        return new Problem(id, Prompt.text("q"), "1", data);
    }

    @Test
    void numbersCompareAsNumbersAndEverythingElseAsText() {
        assertThat(ProblemSelection.holds(10, ">", "9")).isTrue(); // as text "10" < "9"
        assertThat(ProblemSelection.holds("2024-10-01", ">=", "2024-09-01")).isTrue();
        assertThat(ProblemSelection.holds("2024-08-31", ">=", "2024-09-01")).isFalse();
        assertThat(ProblemSelection.holds("Algebra", "!=", "Geometry")).isTrue();
        assertThat(ProblemSelection.holds(5, "=", "5.0")).isTrue();
        assertThat(ProblemSelection.holds(null, "!=", "x")).as("a problem without the field fails").isFalse();
    }

    @Test
    void filtersAllHoldThenTheOffsetSkips() throws Exception {
        List<Problem> all = List.of(p("a", Map.of("level", 5, "date", "2024-08-01")), p("b", Map.of("level", 3, "date", "2024-09-02")),
                p("c", Map.of("level", 5, "date", "2024-09-03")), p("d", Map.of("level", 5)), p("e", Map.of("level", 5, "date", "2024-12-24")));
        ProblemSelection s = new ProblemSelection(null, null, List.of("level=5", "date >= '2024-09-01'"), 0);
        assertThat(s.apply(all, "t")).extracting(Problem::id).containsExactly("c", "e");
        assertThat(new ProblemSelection(List.of("e,a"), null, List.of(), 1).apply(all, "t")).extracting(Problem::id).containsExactly("e");
        assertThat(new ProblemSelection(null, null, null, 0).describe()).isNull();
        assertThat(s.describe()).containsEntry("filter", List.of("level=5", "date >= '2024-09-01'"));
    }
}
