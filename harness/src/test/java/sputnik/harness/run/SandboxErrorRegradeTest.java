package sputnik.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Grade;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Verdict;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.testing.Fixtures;
import sputnik.harness.testing.ScriptedEngine;

/**
 * A grader that fails (sandbox error) is the harness's problem, not the model's: the sample is kept
 * with its response, not scored, the run stays incomplete, and the next run grades it again without
 * calling the engine.
 */
class SandboxErrorRegradeTest {
    @TempDir
    Path tmp;

    /** Fails on problem p1 while {@code broken} is set, else grades exactly. */
    static final class FlakyGrader implements Grader {
        final AtomicBoolean broken = new AtomicBoolean(true);

        @Override
        public String name() {
            return "exact";
        }

        @Override
        public String description() {
            return "exact match, with a sandbox that fails on p1";
        }

        @Override
        public Grade grade(Problem p, Completion c) {
            if (broken.get() && p.id().equals("p1")) return new Grade(Verdict.SANDBOX_ERROR, null, null, Map.of("reason", "bwrap died"));
            return Fixtures.EXACT.grade(p, c);
        }
    }

    private static RunPlan withGrader(RunPlan p, Grader g) {
        return new RunPlan(p.suite(), p.problems(), p.limit(), g, p.engine(), p.sampling(), p.samples(), p.concurrency(),
                p.requestTimeout(), p.out(), p.fresh(), p.config(), p.environment());
    }

    @Test
    void sandboxErrorsAreNotScoredAndAreRegradedWithoutCallingTheEngineAgain() throws Exception {
        ScriptedEngine engine = new ScriptedEngine(r -> r.problemId().substring(1));
        FlakyGrader grader = new FlakyGrader();
        RunPlan plan = withGrader(Fixtures.plan(Fixtures.suite(3), engine, 2, 2, tmp, 0.6), grader);
        Runner runner = new Runner(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);

        Runner.Outcome first = runner.run(plan);
        assertThat(first.failed()).isEqualTo(2);
        assertThat(first.summary().counts().complete()).isFalse();
        assertThat(first.summary().counts().ungraded()).isEqualTo(2);
        assertThat(first.summary().counts().samplesDone()).isEqualTo(4);
        assertThat(first.summary().verdicts()).containsEntry("sandbox_error", 2).containsEntry("correct", 4);
        // Scored over the graded problems only: the failures are not the model's.
        assertThat(first.summary().passAt1().value()).isEqualTo(1.0);
        assertThat(new RunDirectory(tmp).readErrors()).hasSize(2).allSatisfy(e -> assertThat(e.error()).contains("sandbox error"));
        int calls = engine.requests.size();
        assertThat(calls).isEqualTo(6);

        grader.broken.set(false);
        Runner.Outcome second = new Runner(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false).run(plan);
        assertThat(engine.requests).hasSize(calls); // graded from the kept responses
        assertThat(second.summary().counts().complete()).isTrue();
        assertThat(second.summary().counts().ungraded()).isZero();
        assertThat(second.summary().verdicts()).containsOnly(Map.entry("correct", 6));

        RunDirectory dir = new RunDirectory(tmp);
        assertThat(dir.readAllSamples()).hasSize(8); // append-only: the sandbox-error lines stay
        List<SampleRecord> effective = dir.readSamples();
        assertThat(effective).hasSize(6).extracting(SampleRecord::verdict).containsOnly(Verdict.CORRECT);
    }
}
