package sputnik.harness.api;

import java.util.List;
import java.util.Map;

/**
 * A set of real responses recorded from a real model on a suite, with what they were generated with:
 * the data behind checking a published number without a model or a server.
 *
 * @param name       the set's name ({@code --responses recorded:NAME})
 * @param model      the model that wrote the responses, as its publisher names it
 * @param suite      the suite whose problems it answers
 * @param sha256     the pinned hash of the file the responses came from
 * @param samplesPerProblem how many responses it holds per problem
 * @param sampling   the run's settings as recorded (temperature, top_p, max_tokens, seed)
 * @param prompt     the prompt the responses were generated with: a name and its text
 * @param source     where the file comes from (repository, commit, path) and its licence
 * @param responses  one line per response, in file order
 */
public record RecordedSet(
        String name,
        String model,
        String suite,
        String sha256,
        int samplesPerProblem,
        Map<String, Object> sampling,
        Prompt prompt,
        String source,
        List<Response> responses) {

    /** The prompt of a recorded set: its name, the template as its authors wrote it, and where that is from. */
    public record Prompt(String name, String template, String source) {}

    /** One recorded response; token counts and the finish reason are null when the file has none. */
    public record Response(String problemId, String response, String reasoning, String finishReason, Integer promptTokens,
            Integer completionTokens) {}

    public RecordedSet {
        sampling = Map.copyOf(sampling);
        responses = List.copyOf(responses);
    }
}
