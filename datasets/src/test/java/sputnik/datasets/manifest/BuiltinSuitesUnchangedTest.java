package sputnik.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Hashing;
import sputnik.harness.util.Json;

/**
 * The built-in suites load exactly the problems they loaded before they became suite files: per suite and
 * template, one SHA-256 over every problem's id, reference answer and prompt (kind and text, as samples
 * hash it), and one over every problem's data (metadata for graders, breakdowns and filters). The digests
 * in builtin-suite-digests.tsv were taken from the JSON manifests these suites had before; a run over a
 * suite whose prompt digest holds records byte-identical samples. Data may gain keys without changing a
 * run (aime2024 gained "contest"); its digest is updated then, with the reason in the file.
 */
class BuiltinSuitesUnchangedTest {

    static Stream<Arguments> digests() throws IOException {
        try (InputStream in = BuiltinSuitesUnchangedTest.class.getResourceAsStream("/sputnik/datasets/builtin-suite-digests.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .map(f -> Arguments.of(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4]))
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("digests")
    void loadsTheSameProblemsAsBefore(String suite, String template, int problems, String prompts, String data) throws Exception {
        Suite s = new ManifestSuiteProvider().load(suite, new SuiteContext(SharedData.datasets(), null, true, template));
        assertThat(s.problems()).hasSize(problems);
        assertThat(promptsDigest(s)).as("prompts digest of %s with template %s", suite, template).isEqualTo(prompts);
        assertThat(dataDigest(s)).as("data digest of %s", suite).isEqualTo(data);
    }

    static String promptsDigest(Suite s) {
        StringBuilder all = new StringBuilder();
        all.append(Json.line(header(s))).append('\n');
        for (Problem p : s.problems()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", p.id());
            row.put("answer", p.answer());
            row.put("kind", p.prompt().getClass().getSimpleName());
            row.put("prompt_sha256", Hashing.sha256(p.prompt().display()));
            all.append(Json.line(row)).append('\n');
        }
        return Hashing.sha256(all.toString());
    }

    static String dataDigest(Suite s) {
        StringBuilder all = new StringBuilder();
        for (Problem p : s.problems()) all.append(Json.line(Map.of("id", p.id(), "data", p.data()))).append('\n');
        return Hashing.sha256(all.toString());
    }

    private static Map<String, Object> header(Suite s) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", s.name());
        h.put("version", s.version());
        h.put("dataset_sha256", s.datasetSha256());
        h.put("template", s.promptTemplate());
        h.put("grader", s.grader());
        h.put("defaults", s.defaults());
        return h;
    }

    /** Prints the digests file's lines for the suites as they load now (run by hand when a suite's version changes). */
    public static void main(String[] args) throws Exception {
        ManifestSuiteProvider provider = new ManifestSuiteProvider();
        for (var info : provider.suites()) {
            for (String t : info.promptTemplates()) {
                Suite s = provider.load(info.name(), new SuiteContext(java.nio.file.Path.of(args[0]), null, true, t));
                System.out.println(info.name() + "\t" + t + "\t" + s.problems().size() + "\t" + promptsDigest(s) + "\t" + dataDigest(s));
            }
        }
    }
}
