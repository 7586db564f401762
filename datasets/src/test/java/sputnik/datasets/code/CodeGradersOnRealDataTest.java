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
import sputnik.datasets.testing.RequiresSandbox;
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
@RequiresSandbox
class CodeGradersOnRealDataTest {
    static final int WORKERS = 2;
    static HumanEvalGrader humaneval;
    static MbppGrader mbpp;
    static LiveCodeBenchGrader lcb;

    @BeforeAll
    static void configure() {
        humaneval = SandboxTesting.configured(new HumanEvalGrader(), WORKERS);
        mbpp = SandboxTesting.configured(new MbppGrader(), WORKERS);
        lcb = SandboxTesting.configured(new LiveCodeBenchGrader(), WORKERS);
    }

    @AfterAll
    static void close() {
        for (CodeGrader g : new CodeGrader[] {humaneval, mbpp, lcb}) if (g != null) g.close();
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
    void humanEvalWrongBodiesAllFail() throws Exception {
        Map<String, Grade> grades = gradeAll(humaneval, load("humaneval").problems(), p -> "    return None\n");
        assertThat(grades.values()).noneMatch(g -> g.verdict() == Verdict.CORRECT);
    }

    @Test
    void mbppReferenceSolutionsAllPass() throws Exception {
        Suite s = load("mbpp");
        Map<String, Grade> grades = gradeAll(mbpp, s.problems(), p -> "```python\n" + p.data().get("reference") + "\n```");
        assertThat(grades).hasSize(500);
        assertThat(notCorrect(grades)).isEmpty();
    }

    @Test
    void sanitizedMbppReferenceSolutionsAllPass() throws Exception {
        Map<String, Grade> grades = gradeAll(mbpp, load("mbpp-sanitized").problems(), p -> (String) p.data().get("reference"));
        assertThat(grades).hasSize(427);
        assertThat(notCorrect(grades)).isEmpty();
    }

    /** Each reference with every return value replaced by None: wrong everywhere (no MBPP task expects None). */
    @Test
    void mbppBrokenReferencesAllFail() throws Exception {
        Map<String, Grade> grades = gradeAll(mbpp, load("mbpp").problems(),
                p -> ((String) p.data().get("reference")).replaceAll("return\\b", "return None #"));
        assertThat(grades.values()).noneMatch(g -> g.verdict() == Verdict.CORRECT);
    }

    @Test
    void liveCodeBenchKnownSolutionsPassAndATrivialAnswerFailsEverywhere() throws Exception {
        Map<String, Problem> byId = new LinkedHashMap<>();
        for (Problem p : load("livecodebench").problems()) byId.put(p.id(), p);
        Map<String, String> solutions = Map.of(
                "1873_A", "import sys\ndata = sys.stdin.buffer.read().split()\nfor s in data[1:]:\n"
                        + "    s = s.decode()\n    print('YES' if sum(a != b for a, b in zip(s, 'abc')) in (0, 2) else 'NO')\n",
                "1873_B", "t = int(input())\nfor _ in range(t):\n    input()\n    a = sorted(map(int, input().split()))\n"
                        + "    a[0] += 1\n    p = 1\n    for x in a:\n        p *= x\n    print(p)\n",
                "2727", "class Solution:\n    def countSeniors(self, details: List[str]) -> int:\n"
                        + "        return sum(int(d[11:13]) > 60 for d in details)\n",
                "2756", "class Solution:\n    def buyChoco(self, prices: List[int], money: int) -> int:\n"
                        + "        a, b = sorted(prices)[:2]\n        return money - a - b if a + b <= money else money\n");
        for (var e : solutions.entrySet()) {
            Grade g = lcb.grade(byId.get(e.getKey()), SandboxTesting.fenced(e.getValue()));
            assertThat(g.verdict()).as(e.getKey() + " " + g.detail()).isEqualTo(Verdict.CORRECT);
        }
        Map<String, Grade> grades = gradeAll(lcb, List.copyOf(byId.values()), p -> p.data().containsKey("func_name")
                ? "```python\nclass Solution:\n    def " + p.data().get("func_name") + "(self, *args):\n        return None\n```"
                : "```python\nprint(0)\n```");
        assertThat(grades).hasSize(400);
        assertThat(grades.values()).noneMatch(g -> g.verdict() == Verdict.CORRECT || g.verdict() == Verdict.SANDBOX_ERROR);
    }
}
