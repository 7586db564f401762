package sputnik.reports.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sputnik.harness.metrics.Summary;

/**
 * What every report must say about how a run was graded, when it matters: model-written code that ran
 * without a sandbox ({@code --unsafe-no-sandbox}), samples the grader could not grade (sandbox
 * errors: the harness's failure, left out of the scores until they are graded again), and finished
 * samples a narrowed scope leaves out.
 */
public final class GradingNotes {
    private GradingNotes() {}

    public static List<String> of(Map<String, Object> config, Summary summary) {
        List<String> notes = new ArrayList<>();
        if (config.get("grader_settings") instanceof Map<?, ?> gs && gs.get("sandbox") instanceof String sb && sb.startsWith("none")) {
            notes.add("UNSAFE: model-written code ran on the grading machine WITHOUT a sandbox (--unsafe-no-sandbox)");
        }
        if (summary != null && summary.counts().ungraded() > 0) {
            notes.add(summary.counts().ungraded() + " samples could not be graded (sandbox error, not the model's failure) and are left"
                    + " out of the scores: run the same command again, or 'sputnik grade RUN_DIR'");
        }
        if (config.get("engine_config") instanceof Map<?, ?> ec && ec.get("recorded_prompt") != null
                && !String.valueOf(ec.get("recorded_prompt")).equals(String.valueOf(config.get("prompt_template")))) {
            notes.add("the recorded responses were generated with their source's own prompt (" + ec.get("recorded_prompt") + "), not this"
                    + " suite's " + config.get("prompt_template") + " prompt: a run with the suite's prompt may score differently");
        }
        if (summary != null && summary.counts().samplesOutsideScope() > 0) {
            notes.add(summary.counts().samplesOutsideScope() + " finished samples in this directory are outside the scored scope (the run was"
                    + " narrowed by a smaller --limit or --samples) and are left out of the scores: run it again with the earlier --limit and"
                    + " --samples to score them all");
        }
        return notes;
    }
}
