package sputnik.datasets.manifest;

import java.util.List;
import java.util.Map;

/**
 * A recorded response set's manifest (resources/sputnik/recorded/NAME.json): which model answered which suite,
 * where the file comes from and how to check it, how its records map to responses, and what the responses
 * were generated with.
 *
 * @param dir               its folder under a data directory, shared/recorded/ and the cache
 * @param samplesPerProblem responses per problem in the file
 * @param sampling          the run's settings as its authors recorded them
 * @param prompt            the prompt the responses were generated with
 * @param thinkingOpener    what the chat template put at the end of the prompt to open the model's thinking
 *                          (R1 distills: "<think>\n"), so that a response that never closed it reads as cut
 *                          off inside its thinking; null when the prompt opened none
 * @param fields            response field -> record field: problem_id and response (required), reasoning,
 *                          finish_reason, prompt_tokens, completion_tokens
 */
public record RecordedManifest(
        String name,
        String description,
        String model,
        String suite,
        String file,
        String dir,
        String format,
        String sha256,
        int records,
        List<String> urls,
        String source,
        String license,
        int samplesPerProblem,
        Map<String, Object> sampling,
        Prompt prompt,
        String thinkingOpener,
        Map<String, String> fields) {

    public record Prompt(String name, String template, String source) {}

    public RecordedManifest {
        urls = urls == null ? List.of() : List.copyOf(urls);
        sampling = sampling == null ? Map.of() : Map.copyOf(sampling);
    }

    DatasetFiles.Pinned pinned() {
        return new DatasetFiles.Pinned("recorded set " + name, "recorded", dir != null ? dir : name, file, format, sha256, records, urls,
                source + "; " + license);
    }
}
