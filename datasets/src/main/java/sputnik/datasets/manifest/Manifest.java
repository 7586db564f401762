package sputnik.datasets.manifest;

import java.util.List;
import java.util.Map;

/**
 * A suite as its file declares it (a built-in's is resources/sputnik/suites/NAME.yaml): where the data comes from, how to check
 * it, how its records map to problems, how problems are prompted, graded and sampled. Bump
 * {@code version} whenever anything here changes what a run measures.
 *
 * @param file      the data file's name (looked up in the data directory and the cache)
 * @param dir       the folder under a data directory that holds the file (default: the suite's name)
 * @param format    "jsonl" (default), "jsonl.gz" or "json" (one array of records)
 * @param sha256    the pinned hash of that file; nothing else is accepted
 * @param records   how many records the file holds
 * @param urls      public copies of exactly that file, tried in order; empty when there is none
 * @param fields    record field for "id", "problem" and "answer"
 * @param metadata  problem data key -> record field or dotted path, copied into each problem with its
 *                  JSON shape (the source URL, a list of tests); prompt templates can use these keys
 * @param jsonFields record fields that hold JSON text, parsed before the mapping
 * @param select    optional range of a numeric field that makes up the suite (MBPP's test split is
 *                  task ids 11..510); the hash and record count still cover the whole file
 * @param label     optional human label derived from a field (e.g. AIME's official "2024-I-1")
 * @param derived   more problem data derived the same way, by key (AIME 2024's contest, "AIME I" or "AIME II",
 *                  from its source URL), for breakdowns, filters and templates
 * @param prompts   prompt templates by name; the first is the default
 * @param graderOptions settings for the grader that change what it accepts (see {@code sputnik graders})
 * @param defaults  the published protocol's sampling and samples per problem
 * @param metrics   the scores the suite's protocol reports ("pass@1", "cons@64"); empty: the usual set
 * @param breakdowns the problem data keys reports break pass@1 down by; null: every key with 2 to 24 values
 */
public record Manifest(
        String name,
        String version,
        String description,
        String file,
        String dir,
        String format,
        String sha256,
        int records,
        List<String> urls,
        String source,
        String license,
        Map<String, String> fields,
        Map<String, String> metadata,
        List<String> jsonFields,
        Select select,
        Label label,
        Map<String, Label> derived,
        Map<String, PromptTemplate> prompts,
        String grader,
        Map<String, Object> graderOptions,
        Defaults defaults,
        List<String> metrics,
        List<String> breakdowns,
        String protocol) {

    public record Label(String field, String pattern, String format) {}

    public record Select(String field, long min, long max) {}

    public record Defaults(double temperature, double topP, int topK, int maxTokens, int samples) {}

    public Manifest {
        urls = urls == null ? List.of() : List.copyOf(urls);
        metadata = metadata == null ? Map.of() : metadata;
        derived = derived == null ? Map.of() : derived;
        jsonFields = jsonFields == null ? List.of() : List.copyOf(jsonFields);
        graderOptions = graderOptions == null ? Map.of() : Map.copyOf(graderOptions);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        breakdowns = breakdowns == null ? null : List.copyOf(breakdowns);
    }

    public String dataDir() {
        return dir != null ? dir : name;
    }

    public String field(String role) {
        String f = fields.get(role);
        if (f == null) throw new IllegalStateException("manifest " + name + " maps no field for '" + role + "'");
        return f;
    }
}
