package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Json;

/**
 * compare's gate on runs that did not cover what the base covered: it must not say "no regression"
 * about problems it never compared. The gate fails with exit 3 (not 1: nothing regressed; not 2: the
 * command line is fine) unless --allow-partial, which compares on the problems both runs completed.
 */
class CompareIncompleteCliTest {
    @TempDir
    Path tmp;

    Path base;

    @BeforeEach
    void baseRun() {
        base = run("base", 200, 2);
    }

    private Path run(String name, int limit, int samples) {
        Path out = tmp.resolve(name);
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit", String.valueOf(limit),
                "--samples", String.valueOf(samples), "--concurrency", "4", "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        return out;
    }

    /** A 200-problem run as if killed after its first {@code problems} problems: run.json still plans 200. */
    private Path interrupted(String name, int problems) throws Exception {
        Path dir = run(name, 200, 2);
        Path samples = dir.resolve("samples.jsonl");
        List<String> kept = Files.readAllLines(samples).stream()
                .filter(l -> problemNumber(l) < problems).toList();
        Files.write(samples, kept);
        return dir;
    }

    private static int problemNumber(String line) {
        Matcher m = PROBLEM.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static final Pattern PROBLEM = Pattern.compile("\"problem_id\":\"arith-(\\d+)\"");

    @Test
    void aNewRunInterruptedAt72Of200FailsTheGateWithItsOwnExitCode() throws Exception {
        Path next = interrupted("new", 72);
        Cli c = Cli.run("compare", base.toString(), next.toString(), "--fail-on-regression", "--out", tmp.resolve("cmp").toString());
        assertThat(c.exit()).as(c.out() + c.err()).isEqualTo(3);
        assertThat(c.out()).contains("INCOMPLETE").contains("72 of 200 problems").doesNotContain("no regression")
                .contains("new: 128 problems missing").contains("arith-072");
        assertThat(c.err()).contains("compared only 72 of 200 problems").contains("--allow-partial").contains("arith-072");
        JsonNode json = Json.MAPPER.readTree(tmp.resolve("cmp/compare.json").toFile());
        assertThat(json.at("/coverage/compared_problems").asInt()).isEqualTo(72);
        assertThat(json.at("/coverage/partial").asBoolean()).isTrue();
        assertThat(json.at("/coverage/new/missing").asInt()).isEqualTo(128);
        assertThat(json.at("/coverage/new/first_missing/0").asText()).isEqualTo("arith-072");
        assertThat(json.at("/coverage/base/missing").asInt()).isZero();
        assertThat(json.get("gate").asText()).isEqualTo("incomplete");
    }

    @Test
    void aNewRunOfFewerProblemsOrSamplesFailsTheGateToo() {
        Path narrow = run("narrow", 72, 2);
        Cli fewerProblems = Cli.run("compare", base.toString(), narrow.toString(), "--fail-on-regression");
        assertThat(fewerProblems.exit()).as(fewerProblems.err()).isEqualTo(3);
        assertThat(fewerProblems.err()).contains("72 of 200");
        Path thin = run("thin", 200, 1);
        Cli fewerSamples = Cli.run("compare", base.toString(), thin.toString(), "--fail-on-regression");
        assertThat(fewerSamples.exit()).as(fewerSamples.err()).isEqualTo(3);
        assertThat(fewerSamples.err()).contains("1 sample per problem, base 2");
    }

    @Test
    void allowPartialComparesOnTheProblemsBothRunsCompletedAndSaysSo() throws Exception {
        Path next = interrupted("new", 72);
        Cli c = Cli.run("compare", base.toString(), next.toString(), "--fail-on-regression", "--allow-partial", "--out", tmp.resolve("cmp").toString());
        assertThat(c.exit()).as(c.out() + c.err()).isZero();
        assertThat(c.out()).contains("PARTIAL").contains("72 of 200 problems").contains("pass@1 (72 shared problems)");
        assertThat(c.err()).contains("warning").contains("72 of 200");
        JsonNode json = Json.MAPPER.readTree(tmp.resolve("cmp/compare.json").toFile());
        assertThat(json.get("shared_problems").asInt()).isEqualTo(72);
        assertThat(json.get("problems")).hasSize(72);
        assertThat(json.get("gate").asText()).isEqualTo("pass");
        assertThat(tmp.resolve("cmp/compare-junit.xml")).content().contains("tests=\"72\"");
    }

    @Test
    void anIncompleteBaseIsReportedAndFailsTheGate() throws Exception {
        Path shortBase = interrupted("short-base", 150);
        Path next = run("new", 200, 2);
        Cli c = Cli.run("compare", shortBase.toString(), next.toString(), "--fail-on-regression");
        assertThat(c.exit()).as(c.err()).isEqualTo(3);
        assertThat(c.err()).contains("base is incomplete").contains("arith-150");
        assertThat(Cli.run("compare", shortBase.toString(), next.toString(), "--fail-on-regression", "--allow-partial").exit()).isZero();
    }

    @Test
    void withoutTheGateAnIncompleteComparisonStillSaysSoButExitsZero() throws Exception {
        Path next = interrupted("new", 72);
        Cli c = Cli.run("compare", base.toString(), next.toString());
        assertThat(c.exit()).isZero();
        assertThat(c.out()).contains("INCOMPLETE");
    }

    @Test
    void noProblemCompleteInBothRunsIsIncompleteNotAPass() throws Exception {
        Path next = interrupted("new", 0);
        Cli c = Cli.run("compare", base.toString(), next.toString(), "--fail-on-regression", "--allow-partial");
        assertThat(c.exit()).isEqualTo(3);
        assertThat(c.err()).contains("nothing to compare: no problem is complete in both runs").contains("new is incomplete: 0 of 200");
    }

    @Test
    void theHelpStatesEveryExitCode() {
        Cli c = Cli.run("compare", "--help");
        assertThat(c.out()).contains("--allow-partial").contains("Exit codes").contains("0 ").contains("1 ").contains("2 ").contains("3 ");
    }
}
