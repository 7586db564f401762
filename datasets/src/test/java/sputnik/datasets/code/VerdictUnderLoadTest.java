package sputnik.datasets.code;

import static org.assertj.core.api.Assertions.assertThat;
import static sputnik.datasets.code.SandboxTesting.answer;
import static sputnik.datasets.code.SandboxTesting.fenced;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.datasets.testing.RequiresSandbox;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Verdict;

/**
 * A sample's verdict does not depend on what else is graded at the same time: the same solutions,
 * graded alone and graded beside hostile programs (a fork bomb and CPU burners) that load the
 * machine, get the same verdicts under the same limits. A solution that needs 4 s of CPU time is
 * over HumanEval's 3 s floor either way (the reference is fast, so the floor is the limit); one that
 * needs 1 s is within it either way, though beside them it takes longer by the wall clock.
 */
@RequiresSandbox
class VerdictUnderLoadTest {
    @TempDir
    Path cacheAlone;

    @TempDir
    Path cacheBeside;

    static final int N = 100_000;

    /** HumanEval-shaped: work(n) sums i*i % 7; the reference does it in some 10 ms of CPU time. */
    static Problem work() {
        long expected = 0;
        for (long i = 0; i < N; i++) expected += i * i % 7;
        return new Problem("load/0", Prompt.text("def work(n):\n"), null, Map.of(
                "prompt", "def work(n):\n",
                "test", "def check(candidate):\n    assert candidate(%d) == %d\n".formatted(N, expected),
                "entry_point", "work",
                "reference", "    return sum(i * i % 7 for i in range(n))\n"));
    }

    /** A right answer after burning {@code cpuSeconds} of the process's own CPU time. */
    static String burning(double cpuSeconds) {
        return """
                    import time
                    start = time.process_time()
                    while time.process_time() - start < SECONDS:
                        pass
                    return sum(i * i % 7 for i in range(n))
                """.replace("SECONDS", String.valueOf(cpuSeconds));
    }

    /** The hostile samples' problem: return1(), with no reference solution, so only the floor applies to them. */
    static Problem hostileProblem() {
        return new Problem("load/hostile", Prompt.text("def return1():\n"), null, Map.of(
                "prompt", "def return1():\n",
                "test", "def check(candidate):\n    assert candidate() == 1\n",
                "entry_point", "return1"));
    }

    static final List<String> HOSTILE = List.of("""
            import os
            def return1():
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
            """, """
            def return1():
                while True:
                    pass
            """, """
            import os
            def return1():
                for _ in range(4):
                    if os.fork() == 0:
                        break
                while True:
                    pass
            """);

    static final String SLOW = burning(4.0);
    static final String WITHIN = burning(1.0);

    Grade grade(HumanEvalGrader g, Problem p, String body) {
        return g.grade(p, answer(body));
    }

    @Test
    void theSameSolutionsGetTheSameVerdictsAloneAndBesideAForkBombAndCpuBurners() throws Exception {
        Grade slowBeside, withinBeside;
        // Two sandboxes at once, as on a two-core machine by default: samples wait for a sandbox, and
        // a reference timed by the wall clock would have counted that wait (and the load) as its time.
        try (HumanEvalGrader g = configuredWithCache(cacheBeside, 2)) {
            ExecutorService pool = Executors.newFixedThreadPool(2 + HOSTILE.size());
            try {
                Future<Grade> slow = pool.submit(() -> grade(g, work(), SLOW));
                Thread.sleep(1000);
                List<Future<Grade>> hostile = new ArrayList<>();
                for (String h : HOSTILE) hostile.add(pool.submit(() -> g.grade(hostileProblem(), fenced(h))));
                Future<Grade> within = pool.submit(() -> grade(g, work(), WITHIN));
                slowBeside = slow.get();
                withinBeside = within.get();
                for (Future<Grade> h : hostile) assertThat(h.get().verdict()).isNotEqualTo(Verdict.CORRECT);
            } finally {
                pool.shutdownNow();
            }
        }
        Grade slowAlone, withinAlone;
        try (HumanEvalGrader g = configuredWithCache(cacheAlone, 1)) {
            slowAlone = grade(g, work(), SLOW);
            withinAlone = grade(g, work(), WITHIN);
        }

        assertThat(slowBeside.verdict()).as("4 s of CPU beside hostile programs: " + slowBeside.detail()).isEqualTo(Verdict.TIMEOUT);
        assertThat(slowAlone.verdict()).as("4 s of CPU alone: " + slowAlone.detail()).isEqualTo(Verdict.TIMEOUT);
        assertThat(withinBeside.verdict()).as("1 s of CPU beside hostile programs: " + withinBeside.detail()).isEqualTo(Verdict.CORRECT);
        assertThat(withinAlone.verdict()).as("1 s of CPU alone: " + withinAlone.detail()).isEqualTo(Verdict.CORRECT);
        for (Grade g : List.of(slowBeside, slowAlone, withinBeside, withinAlone)) {
            assertThat(g.detail()).as(g.detail().toString()).containsEntry("time_limit_ms", 3000L);
        }
        // The slow one needed the reference: 10 x its CPU time is below the floor, and the detail says so.
        assertThat(slowAlone.detail().get("time_limit").toString()).startsWith("3 s of CPU time: the floor; 10.0 x the reference");
        assertThat((Double) slowAlone.detail().get("reference_cpu_seconds")).isLessThan(0.3);
        // Measured once, kept on disk: one file, for the one problem with a reference.
        try (Stream<Path> files = Files.list(cacheBeside.resolve("reference-times"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(1);
        }
    }

    static HumanEvalGrader configuredWithCache(Path cache, int workers) {
        String previous = System.getProperty("sputnik.cache.dir");
        System.setProperty("sputnik.cache.dir", cache.toString());
        try {
            return SandboxTesting.configured(new HumanEvalGrader(), workers);
        } finally {
            if (previous == null) System.clearProperty("sputnik.cache.dir");
            else System.setProperty("sputnik.cache.dir", previous);
        }
    }
}
