package sputnik.harness.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.Engine;
import sputnik.harness.api.Grader;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.Suite;

/**
 * Everything a run needs, resolved from the command line.
 *
 * @param problems  the suite's problems after {@code --limit}
 * @param sampling  sampling parameters; its seed is the RUN seed (each sample derives its own)
 * @param config    run.json's config section (compared on resume)
 * @param environment run.json's environment section
 * @param shard     the part of the run this invocation does ({@code --shard}), or null for all of it
 * @param selection how the problems were chosen ({@link ProblemSelection#describe()}), or null for the suite's first {@code limit}
 */
public record RunPlan(
        Suite suite,
        List<Problem> problems,
        Integer limit,
        Grader grader,
        Engine engine,
        Sampling sampling,
        int samples,
        int concurrency,
        Duration requestTimeout,
        Path out,
        boolean fresh,
        Map<String, Object> config,
        Map<String, Object> environment,
        Shard shard,
        Map<String, Object> selection) {

    /** The whole run, unsharded. */
    public RunPlan(Suite suite, List<Problem> problems, Integer limit, Grader grader, Engine engine, Sampling sampling, int samples,
            int concurrency, Duration requestTimeout, Path out, boolean fresh, Map<String, Object> config, Map<String, Object> environment) {
        this(suite, problems, limit, grader, engine, sampling, samples, concurrency, requestTimeout, out, fresh, config, environment, null, null);
    }
}
