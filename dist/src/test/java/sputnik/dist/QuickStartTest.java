package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.testing.SharedData;
import sputnik.harness.util.Json;

/**
 * The README's main job, exactly as written there, end to end on the recorded responses in ../shared: the real
 * AIME 2024 problems, DeepSeek-R1-Distill-Qwen-7B's real responses, the aime grader, and the verdict on DeepSeek's
 * published 55.5%. Skipped, saying why, where ../shared is absent.
 */
class QuickStartTest {
    @TempDir
    Path tmp;

    static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();

    /** The first command after "Run the main job", as a list of arguments without "./sputnik". */
    static List<String> mainJob() throws Exception {
        String readme = Files.readString(README);
        Matcher m = Pattern.compile("Run the main job[^`]*```sh\\n\\./sputnik ([^\\n]+)\\n```").matcher(readme);
        assertThat(m.find()).as("README's main job command").isTrue();
        return new ArrayList<>(List.of(m.group(1).strip().split("\\s+")));
    }

    @Test
    void theReadmeMainJobChecksThePublishedClaimOnRecordedResponses() throws Exception {
        Path shared = SharedData.root();
        assumeTrue(Files.isDirectory(shared.resolve("recorded/r-kv")) && Files.isDirectory(shared.resolve("datasets/aime2024")),
                "../shared/recorded/r-kv or ../shared/datasets/aime2024 is absent (" + shared + "): the main job has no data here");
        List<String> args = mainJob();
        assertThat(args).containsSequence("--responses", "recorded:r1-distill-qwen-7b-aime2024");
        Path out = tmp.resolve("run");
        args.addAll(List.of("--out", out.toString()));

        Cli c = Cli.run(args.toArray(String[]::new));

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("model DeepSeek-R1-Distill-Qwen-7B", "samples   30 of 30 (30 problems x 1), complete",
                "pass@1    53.3%", "pass@1 55.5% published (64 samples per problem)",
                "verdict   TOO FEW SAMPLES TO TELL: the published 55.5% lies inside the 95% interval",
                "not this suite's r1 prompt", "Next: these are recorded responses");
        var run = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertThat(run.at("/config/engine_config/recorded_set").asText()).isEqualTo("r1-distill-qwen-7b-aime2024");
        assertThat(run.at("/config/engine_config/recorded_prompt").asText()).isEqualTo("r-kv-math");
        assertThat(run.at("/config/model").asText()).isEqualTo("DeepSeek-R1-Distill-Qwen-7B");
        var report = Cli.run("report", out.toString(), "--no-files");
        assertThat(report.out()).contains("verdict   TOO FEW SAMPLES TO TELL");
        var other = Cli.run("report", out.toString(), "--no-files", "--claim", "deepseek-r1-aime2024");
        assertThat(other.out()).contains("DeepSeek-R1 on aime2024: pass@1 79.8% published", "verdict   BELOW the published number");
    }

    @Test
    void aRecordedSetThatCannotBeFoundOfflineIsOneLine() {
        Path data = SharedData.datasets(); // the suite's data is there; the recorded set is not
        Cli c = Cli.runWithoutSharedMirror(tmp.resolve("no-shared"), "run", "--suite", "aime2024", "--data-dir", data.toString(), "--offline",
                "--engine", "replay", "--responses", "recorded:r1-distill-qwen-7b-aime2024", "--out", tmp.resolve("run").toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip().lines()).hasSize(1);
        assertThat(c.err()).contains("recorded set r1-distill-qwen-7b-aime2024 needs acc_7b_aime24_fullkv.jsonl")
                .contains("a shared/recorded/r-kv/ folder beside the checkout").contains("--offline forbids downloading it from https://raw.githubusercontent.com/Zefan-Cai/R-KV/");
    }
}
