package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sputnik.datasets.manifest.ManifestSuiteProvider;
import sputnik.harness.api.Completion;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.GradingContext;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.Verdict;
import sputnik.harness.testing.SharedData;

/** The code graders on the real datasets: every reference solution passes, a wrong one per problem does not. */
class CodeGradersOnRealDataTest {
    static final int WORKERS = 2;
    static HumanEvalGrader humaneval = new HumanEvalGrader();
    static MbppGrader mbpp = new MbppGrader();

    @BeforeAll
    static void configure() throws Exception {
        humaneval.configure(new GradingContext(WORKERS, false));
        mbpp.configure(new GradingContext(WORKERS, false));
    }

    @AfterAll
    static void close() {
        humaneval.close();
        mbpp.close();
    }

    static Suite load(String name) throws Exception {
        return new ManifestSuiteProvider().load(name, new SuiteContext(SharedData.datasets(), null, true, null));
    }

    static Completion completion(String text) {
        return new Completion(text, null, FinishReason.STOP, 0, 0, null);
    }

    static Map<String, Grade> gradeAll(Grader g, List<Problem> problems, java.util.function.Function<Problem, String> response)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            Map<String, Future<Grade>> fs = new LinkedHashMap<>();
            for (Problem p : problems) fs.put(p.id(), pool.submit(() -> g.grade(p, completion(response.apply(p)))));
            Map<String, Grade> out = new LinkedHashMap<>();
            for (var e : fs.entrySet()) out.put(e.getKey(), e.getValue().get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> notCorrect(Map<String, Grade> grades) {
        List<String> bad = new ArrayList<>();
        grades.forEach((id, g) -> {
            if (g.verdict() != Verdict.CORRECT) bad.add(id + ": " + g.verdict() + " " + g.detail());
        });
        return bad;
    }

    @Test
    void humanEvalCanonicalSolutionsAllPass() throws Exception {
        Suite s = load("humaneval");
        long t0 = System.nanoTime();
        Map<String, Grade> grades = gradeAll(humaneval, s.problems(), p -> (String) p.data().get("reference"));
        System.out.printf("humaneval: %d canonical solutions graded in %.2f s with %d workers%n", grades.size(),
                (System.nanoTime() - t0) / 1e9, WORKERS);
        assertThat(grades).hasSize(164);
        assertThat(notCorrect(grades)).isEmpty();
    }

    @Test
    void mbppReferenceSolutionsAllPass() throws Exception {
        Suite s = load("mbpp");
        Map<String, Grade> grades = gradeAll(mbpp, s.problems(), p -> "```python\n" + p.data().get("reference") + "\n```");
        assertThat(grades).hasSize(500);
        assertThat(notCorrect(grades)).isEmpty();
    }
}
