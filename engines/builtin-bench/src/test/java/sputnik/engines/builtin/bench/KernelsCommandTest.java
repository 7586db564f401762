package sputnik.engines.builtin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.harness.api.CommandProvider;

/** The command's wiring and the table's byte counts; the benchmarks themselves are run by `sputnik kernels`, not by the build. */
class KernelsCommandTest {
    @Test
    void isContributedThroughTheServiceLoader() {
        boolean found = false;
        for (CommandProvider p : ServiceLoader.load(CommandProvider.class)) {
            for (Object c : p.commands()) found |= c instanceof KernelsCommand;
        }
        assertThat(found).isTrue();
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new KernelsCommand()).setErr(new PrintWriter(err));
        assertThat(cli.execute("--threads", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be at least 1");
        StringWriter out = new StringWriter();
        assertThat(new CommandLine(new KernelsCommand()).setOut(new PrintWriter(out)).execute("--help")).isZero();
        assertThat(out.toString()).contains("--quick").contains("--threads").contains("--out");
    }

    @Test
    void bytesPerOperationFollowTheShapes() {
        // 512 MiB of Q8_0 rows of 2048 values (2176 bytes each): whole rows only
        assertThat(MatVecBench.weightBytes(GgmlType.Q8_0, 512)).isEqualTo(2176L * (512L * 1024 * 1024 / 2176));
        // MoE: F32 router (128 x 2048 x 4) and 8 experts x (gate + up: 768 rows of 2048, down: 2048 rows of 768)
        long q8row2048 = GgmlType.Q8_0.bytesFor(2048), q8row768 = GgmlType.Q8_0.bytesFor(768);
        assertThat(MoeBench.activeBytes("128:768", GgmlType.Q8_0)).isEqualTo(128L * 2048 * 4 + 8 * (2 * 768 * q8row2048 + 2048 * q8row768));
        assertThat(MoeBench.activeWeights("64:512")).isEqualTo(64L * 2048 + 3L * 8 * 512 * 2048);
        // attention: F16 key and value rows of 4 KV heads of 128 per position; deepseek2's latent row of 576 alone
        assertThat(AttentionBench.cacheBytes("qwen3moe", 4096, "F16")).isEqualTo(2L * 2 * 4 * 4096 * 128);
        assertThat(AttentionBench.cacheBytes("deepseek-v3", 4096, "F16")).isEqualTo(2L * 4096 * 576);
        assertThat(AttentionBench.flops("qwen3moe", 4096)).isEqualTo(4L * 32 * 4096 * 128);
        assertThat(AttentionBench.flops("deepseek-v3", 512)).isEqualTo(2L * 128 * 512 * (576 + 512));
        assertThat(ProbeBench.bytes("triad")).isEqualTo(12L * (32 << 20));
        assertThat(KernelsTable.time(0.0123)).isEqualTo("12.300 ms");
        assertThat(KernelsTable.shortName("sputnik.engines.builtin.bench.MatVecBench.matvec")).isEqualTo("MatVecBench.matvec");
    }
}
