package sputnik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report --out: the reports go elsewhere, the run directory (which may be read-only) is left as it is. */
class ReportOutCliTest {
    @TempDir
    Path tmp;

    private static final List<String> REPORT_FILES = List.of("report.md", "report.html", "report.json", "samples.csv");

    private Path run() {
        Path out = tmp.resolve("run");
        Cli c = Cli.run("run", "--suite", "arith", "--engine", "replay", "--responses", Cli.REPLAY.toString(), "--limit", "20", "--samples", "2",
                "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        return out;
    }

    @Test
    void outWritesTheReportsThereAndNothingIntoTheRunDirectory() throws Exception {
        Path dir = run();
        List<String> before;
        try (var files = Files.list(dir)) {
            before = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Path out = tmp.resolve("reports/of/run");
        Cli c = Cli.run("report", dir.toString(), "--out", out.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        for (String f : REPORT_FILES) assertThat(out.resolve(f)).isNotEmptyFile();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(before);
        }
        assertThat(c.err()).contains("in " + out);
        assertThat(c.out()).contains("pass@1");
    }

    @Test
    void aPlaceThatCannotBeWrittenIsOneLineNamingItAndWhatToDo() throws Exception {
        Path dir = run();
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        Cli c = Cli.run("report", dir.toString(), "--out", notADirectory.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err().strip().lines()).hasSize(1);
        assertThat(c.err()).contains("cannot write the reports into " + notADirectory).contains("--out");
    }
}
