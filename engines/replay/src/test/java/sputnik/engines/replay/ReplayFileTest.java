package sputnik.engines.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.api.UsageException;

class ReplayFileTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        Path f = dir.resolve("responses.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    @Test
    void linesAreGroupedByProblemInFileOrder() throws Exception {
        Path f = file(
                "{\"problem_id\":\"b\",\"response\":\"b0\"}",
                "{\"problem_id\":\"a\",\"response\":\"a0\"}",
                "{\"problem_id\":\"b\",\"response\":\"b1\"}");

        Map<String, List<ReplayFile.Line>> byProblem = ReplayFile.read(f);

        assertThat(byProblem).containsOnlyKeys("b", "a");
        assertThat(byProblem.keySet()).containsExactly("b", "a");
        assertThat(byProblem.get("b")).extracting(ReplayFile.Line::response).containsExactly("b0", "b1");
        assertThat(byProblem.get("a")).extracting(ReplayFile.Line::response).containsExactly("a0");
    }

    @Test
    void optionalFieldsAreReadInSnakeCase() throws Exception {
        Path f = file("{\"problem_id\":\"a\",\"response\":\"r\",\"reasoning\":\"think\",\"finish_reason\":\"length\","
                + "\"prompt_tokens\":12,\"completion_tokens\":34,\"extra\":\"ignored\"}");

        assertThat(ReplayFile.read(f).get("a")).containsExactly(new ReplayFile.Line("a", "r", "think", "length", 12, 34));
    }

    @Test
    void absentOptionalFieldsAreNull() throws Exception {
        Path f = file("{\"problem_id\":\"a\",\"response\":\"r\"}");

        assertThat(ReplayFile.read(f).get("a")).containsExactly(new ReplayFile.Line("a", "r", null, null, null, null));
    }

    @Test
    void blankLinesAreSkipped() throws Exception {
        Path f = file("", "{\"problem_id\":\"a\",\"response\":\"r\"}", "   ", "");

        assertThat(ReplayFile.read(f).get("a")).hasSize(1);
    }

    @Test
    void malformedJsonIsAUsageExceptionNamingFileAndLine() throws Exception {
        Path f = file(
                "{\"problem_id\":\"a\",\"response\":\"r\"}",
                "",
                "{\"problem_id\":\"a\",\"response\":");

        assertThatThrownBy(() -> ReplayFile.read(f))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("line 3 ")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void missingResponseIsAUsageExceptionNamingTheLine() throws Exception {
        Path f = file("{\"problem_id\":\"a\",\"response\":\"r\"}", "{\"problem_id\":\"a\"}");

        assertThatThrownBy(() -> ReplayFile.read(f))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("line 2 ")
                .hasMessageContaining("needs \"problem_id\" and \"response\"");
    }

    @Test
    void missingProblemIdIsAUsageException() throws Exception {
        Path f = file("{\"response\":\"r\"}");

        assertThatThrownBy(() -> ReplayFile.read(f))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("line 1 ")
                .hasMessageContaining("needs \"problem_id\" and \"response\"");
    }

    @Test
    void fileWithoutResponsesIsAUsageException() throws Exception {
        Path f = file("", "  ");

        assertThatThrownBy(() -> ReplayFile.read(f)).isInstanceOf(UsageException.class).hasMessageContaining("has no responses");
    }

    @Test
    void missingFileIsAUsageException() {
        Path f = dir.resolve("absent.jsonl");

        assertThatThrownBy(() -> ReplayFile.read(f))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("does not exist");
    }
}
