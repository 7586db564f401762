package sputnik.datasets.manifest;

import java.util.List;
import java.util.Map;

/**
 * A suite manifest (resources/sputnik/manifests/NAME.json): where the data comes from, how to check
 * it, how its records map to problems, how problems are prompted, graded and sampled. Bump
 * {@code version} whenever anything here changes what a run measures.
 *
 * @param file      the data file's name (looked up in the data directory and the cache)
 * @param sha256    the pinned hash of that file; nothing else is accepted
 * @param records   how many records the file holds
 * @param urls      public copies of exactly that file, tried in order; empty when there is none
 * @param fields    record field for "id", "problem" and "answer"
 * @param metadata  problem data key -> record field, copied into each problem (e.g. the source URL)
 * @param label     optional human label derived from a field (e.g. AIME's official "2024-I-1")
 * @param prompts   prompt templates by name; the first is the default
 * @param defaults  the published protocol's sampling and samples per problem
 */
public record Manifest(
        String name,
        String version,
        String description,
        String file,
        String sha256,
        int records,
        List<String> urls,
        String source,
        String license,
        Map<String, String> fields,
        Map<String, String> metadata,
        Label label,
        Map<String, PromptTemplate> prompts,
        String grader,
        Defaults defaults,
        String protocol) {

    public record Label(String field, String pattern, String format) {}

    /** {@code kind} "chat" sends one user message (no system prompt); "text" sends raw text to continue. */
    public record PromptTemplate(String kind, String template) {}

    public record Defaults(double temperature, double topP, int topK, int maxTokens, int samples) {}

    public Manifest {
        urls = urls == null ? List.of() : List.copyOf(urls);
        metadata = metadata == null ? Map.of() : metadata;
    }

    public String field(String role) {
        String f = fields.get(role);
        if (f == null) throw new IllegalStateException("manifest " + name + " maps no field for '" + role + "'");
        return f;
    }
}
