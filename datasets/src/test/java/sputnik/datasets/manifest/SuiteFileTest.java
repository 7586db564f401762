package sputnik.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.SuiteInfo;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Hashing;

/** Suite files: what a correct one gives, and every mistake reported as FILE:LINE: KEY: what to do. */
class SuiteFileTest {
    private static final String DATA = "{\"qid\": \"a\", \"q\": \"1+1?\", \"ans\": \"2\", \"level\": 1}\n"
            + "{\"qid\": \"b\", \"q\": \"2+3?\", \"ans\": \"5\", \"level\": 2, \"hint\": \"add\"}\n";

    private static final String GOOD = """
            name: toy-sums
            version: "1"
            description: two sums
            file: sums.jsonl
            sha256: %s
            records: 2
            source: written for this test
            license: none
            fields:
              id: qid
              problem: q
              answer: ans
            metadata:
              level: level
              hint: hint
            prompts:
              plain:
                kind: chat
                template: |-
                  Level {{level}}: {{problem}}{{#hint}} (hint: {{hint}}){{/hint}}
            grader: integer
            defaults:
              temperature: 0.6
              max_tokens: 100
              samples: 2
            metrics: [pass@1, cons@2]
            protocol: test
            """.formatted(Hashing.sha256(DATA));

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String error(String yaml) throws Exception {
        Path f = write("bad.yaml", yaml);
        try {
            SuiteFile.read(f);
        } catch (UsageException e) {
            assertThat(e.getMessage()).doesNotContain("\n").startsWith(f + ":");
            return e.getMessage().substring(f.toString().length());
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void aSuiteFileBesideItsDataLoadsWithoutJava() throws Exception {
        Files.writeString(tmp.resolve("sums.jsonl"), DATA);
        Path f = write("toy-sums.yaml", GOOD);
        Suite s = new ManifestSuiteProvider(List.of(), Map.of()).loadFile(f, new SuiteContext(null, null, true, null));
        assertThat(s.name()).isEqualTo("toy-sums");
        assertThat(s.file()).isEqualTo(f.toAbsolutePath().normalize());
        assertThat(s.grader()).isEqualTo("integer");
        assertThat(s.defaults().topP()).isEqualTo(1.0);
        assertThat(s.defaults().topK()).isZero();
        assertThat(s.metrics()).containsExactly("pass@1", "cons@2");
        assertThat(s.problems()).extracting(p -> ((sputnik.harness.api.Prompt.Chat) p.prompt()).messages().get(0).content()).containsExactly("Level 1: 1+1?", "Level 2: 2+3? (hint: add)");
        assertThat(s.problems()).extracting(p -> p.answer()).containsExactly("2", "5");
    }

    @Test
    void mistakesNameTheLineAndTheKey() throws Exception {
        assertThat(error(GOOD.replace("records: 2", "records: [2"))).startsWith(":").contains("not valid YAML");
        assertThat(error(GOOD.replace("grader: integer\n", ""))).isEqualTo(":1: the key 'grader' is missing; every suite file declares it");
        assertThat(error(GOOD.replace("grader: integer", "grader: integer\ngrader_option: {x: 1}")))
                .startsWith(":22: grader_option: unknown key 'grader_option'; known keys: ");
        assertThat(error(GOOD.replace("    kind: chat", "    kind: chat\n    kindd: text")))
                .startsWith(":19: prompts.plain.kindd: unknown key 'kindd' under prompts.plain; known keys: kind, template");
        assertThat(error(GOOD.replace("records: 2", "records: two"))).startsWith(":6: records: wrong kind of value");
        assertThat(error(GOOD.replace("grader: integer", "grader: intgeer")))
                .startsWith(":21: grader: no grader 'intgeer' is installed; installed: ").contains("integer", "math", "humaneval");
        assertThat(error(GOOD.replace("{{#hint}}", "{{#hnt}}").replace("{{/hint}}", "{{/hnt}}")))
                .startsWith(":19: prompts.plain.template: {{hnt}} is not a key of the problems; they have problem, level, hint");
        assertThat(error(GOOD.replace("{{/hint}}", ""))).startsWith(":19: prompts.plain.template: the template does not compile");
        assertThat(error(GOOD.replace("{{problem}}", "{{> other}}"))).startsWith(":19: prompts.plain.template: partials");
        assertThat(error(GOOD.replace("kind: chat", "kind: system"))).startsWith(":18: prompts.plain.kind: kind is chat");
        assertThat(error(GOOD.replace("temperature: 0.6", "temperature: 7"))).isEqualTo(":23: defaults.temperature: must be between 0 and 2");
        assertThat(error(GOOD.replace("  samples: 2\n", ""))).isEqualTo(":22: defaults: defaults.samples is missing");
        assertThat(error(GOOD.replace("cons@2]", "majority]"))).startsWith(":26: metrics[1]: 'majority' is not a metric");
        assertThat(error(GOOD.replaceFirst("sha256: \\w+", "sha256: abc"))).startsWith(":5: sha256: must be the data file's SHA-256");
        assertThat(error(GOOD.replace("file: sums.jsonl", "file: ../../etc/passwd"))).startsWith(":4: file: '../../etc/passwd' must be a file name");
        assertThat(error(GOOD.replace("name: toy-sums", "name: Toy Sums"))).startsWith(":1: name: 'Toy Sums' is not a suite name");
        assertThat(error(GOOD.replace("  answer: ans", "  answer: ans\n  level: level"))).startsWith(":13: fields.level: fields maps only id");
        assertThat(error(GOOD.replace("grader: integer", "grader: integer\ngrader_options: {strict: true}")))
                .isEqualTo(":22: grader_options: grader integer takes the options min and max (the answers' range), not 'strict'");
        assertThat(error(GOOD.replace("grader: integer", "grader: integer\ngrader_options: {min: 10, max: 1}")))
                .isEqualTo(":22: grader_options: grader integer: min 10 is above max 1");
        assertThat(error(GOOD.replace("grader: integer", "grader: math\ngrader_options: {min: 1}")))
                .isEqualTo(":22: grader_options: grader math takes no options, got min");
        assertThat(error(GOOD.replace("prompts:", "derived:\n  level: {field: qid, pattern: x, format: y}\nprompts:")))
                .startsWith(":17: derived.level: 'level' is already a key of the problems");
        assertThat(error(GOOD.replace("prompts:", "derived:\n  kind: {field: qid, pattern: \"(\", format: y}\nprompts:")))
                .startsWith(":17: derived.kind.pattern: not a regular expression");
        assertThat(error(GOOD.replace("prompts:", "breakdowns: [level, subject]\nprompts:")))
                .startsWith(":16: breakdowns[1]: 'subject' is not a key of the problems; they have problem, level, hint");
        assertThat(error("- a\n- b\n")).isEqualTo(":1: a suite file is a mapping of keys (name:, file:, fields:, ...)");
        assertThat(error(GOOD.replace("license: none", "license: none\nlicense: mit"))).contains("'license' appears twice");
    }

    @Test
    void graderOptionsReachTheGraderAndItsSettings() throws Exception {
        Files.writeString(tmp.resolve("sums.jsonl"), DATA);
        Path f = write("toy-sums.yaml", GOOD.replace("grader: integer", "grader: integer\ngrader_options: {min: 0, max: 3}"));
        Suite s = new ManifestSuiteProvider(List.of(), Map.of()).loadFile(f, new SuiteContext(null, null, true, null));
        assertThat(s.graderOptions()).containsEntry("min", 0).containsEntry("max", 3);
        sputnik.harness.api.Grader g = new sputnik.datasets.grading.IntegerAnswerGrader().withOptions(s.graderOptions());
        assertThat(g.settings()).containsEntry("answer_min", "0").containsEntry("answer_max", "3");
        assertThat(new sputnik.datasets.grading.IntegerAnswerGrader().settings()).isEmpty();
        var completion = new sputnik.harness.api.Completion("\\boxed{5}", null, sputnik.harness.api.FinishReason.STOP, 0, 0, null);
        // Problem b's answer is 5: right for the plain grader, out of the suite's range 0..3 with the options.
        assertThat(new sputnik.datasets.grading.IntegerAnswerGrader().grade(s.problems().get(1), completion).verdict()).isEqualTo(sputnik.harness.api.Verdict.CORRECT);
        assertThat(g.grade(s.problems().get(1), completion).verdict()).isEqualTo(sputnik.harness.api.Verdict.INCORRECT);
    }

    @Test
    void suitesOnTheSuitePathAreFoundByNameAndBrokenOnesListedWithTheReason() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("suites"));
        Files.writeString(dir.resolve("sums.jsonl"), DATA);
        Files.writeString(dir.resolve("toy-sums.yaml"), GOOD);
        Files.writeString(dir.resolve("broken.yaml"), GOOD.replace("name: toy-sums", "name: broken").replace("grader: integer", "grader: nope"));
        var provider = new ManifestSuiteProvider(List.of(), Map.of("SPUTNIK_SUITE_PATH", dir.toString(), "XDG_CONFIG_HOME", tmp.resolve("none").toString()));
        assertThat(provider.suites()).extracting(SuiteInfo::name).containsExactly("broken", "toy-sums");
        assertThat(provider.suites().get(0).description()).startsWith("unusable suite file: " + dir.resolve("broken.yaml") + ":21: grader: no grader 'nope'");
        assertThat(provider.load("toy-sums", new SuiteContext(null, null, true, null)).problems()).hasSize(2);
        assertThatThrownBy(() -> provider.load("broken", new SuiteContext(null, null, true, null))).hasMessageContaining("no grader 'nope'");
    }

    @Test
    void aSuiteFileMayNotTakeABuiltInSuitesName() throws Exception {
        Path f = write("aime2024.yaml", GOOD.replace("name: toy-sums", "name: aime2024"));
        var provider = new ManifestSuiteProvider(BuiltinSuites.all(), Map.of());
        assertThatThrownBy(() -> provider.loadFile(f, new SuiteContext(null, null, true, null)))
                .hasMessage(f + ": name: 'aime2024' is a built-in suite's name; give this suite its own name (and keep the built-in's runs apart from its)");
    }

    @Test
    void everyBuiltInSuiteIsASuiteFileThatPassesTheChecks() {
        assertThat(BuiltinSuites.all()).extracting(Manifest::name)
                .containsExactly("aime2024", "aime2025", "math500", "humaneval", "mbpp", "mbpp-sanitized", "livecodebench", "humaneval-plus", "mbpp-plus");
    }
}
