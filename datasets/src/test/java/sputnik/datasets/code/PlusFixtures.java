package sputnik.datasets.code;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import sputnik.datasets.manifest.ManifestSuiteProvider;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.UsageException;

/**
 * The built-in humaneval-plus and mbpp-plus suite files, read with a small fixture in EvalPlus's exact
 * format (problems written for these tests, not taken from the datasets) in place of the release file,
 * whose sha256 the copy pins as the built-in pins the release's: the same field mapping, prompts and
 * grader as a real run uses.
 */
final class PlusFixtures {
    static final String HUMANEVAL_SHA256 = "fb4ecf831ce54f0909366f1c4906df4502d535f22dd696cb5c5e3dde9a470557";
    static final String MBPP_SHA256 = "b8292e7b15ba5e24033cf8de91ab938013a514c7b289c559f0267febdb264413";

    private PlusFixtures() {}

    static Suite humanEvalPlus(Path dir) throws IOException, UsageException {
        return load("humaneval-plus", "HumanEvalPlusFixture.jsonl", HUMANEVAL_SHA256, 3, dir);
    }

    static Suite mbppPlus(Path dir) throws IOException, UsageException {
        return load("mbpp-plus", "MbppPlusFixture.jsonl", MBPP_SHA256, 4, dir);
    }

    /** The fixture's bytes, as the test resources hold them. */
    static byte[] fixture(String name) throws IOException {
        try (InputStream in = PlusFixtures.class.getResourceAsStream("/evalplus/" + name)) {
            if (in == null) throw new IOException("test resource evalplus/" + name + " is missing");
            return in.readAllBytes();
        }
    }

    static String builtinSuiteFile(String suite) throws IOException {
        try (InputStream in = PlusFixtures.class.getResourceAsStream("/sputnik/suites/" + suite + ".yaml")) {
            if (in == null) throw new IOException("built-in suite file " + suite + ".yaml is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Suite load(String suite, String fixture, String sha256, int records, Path dir) throws IOException, UsageException {
        String yaml = builtinSuiteFile(suite)
                .replaceFirst("(?m)^name: .*$", "name: " + suite + "-fixture")
                .replaceFirst("(?m)^file: .*$", "file: " + fixture)
                .replaceFirst("(?m)^format: .*$", "format: jsonl")
                .replaceFirst("(?m)^sha256: .*$", "sha256: " + sha256)
                .replaceFirst("(?m)^records: .*$", "records: " + records)
                .replaceFirst("(?m)^urls:\\n(  - .*\\n)+", "urls: []\n");
        Files.write(dir.resolve(fixture), fixture(fixture));
        Path file = dir.resolve(suite + "-fixture.yaml");
        Files.writeString(file, yaml);
        return new ManifestSuiteProvider().loadFile(file, new SuiteContext(null, dir.resolve("cache"), true, null));
    }
}
