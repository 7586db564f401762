package sputnik.harness.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import sputnik.harness.run.ProblemSelection;

/** Which of a suite's problems: the flags `run` and `prompts` share (see {@link ProblemSelection}). */
final class SelectionOptions {
    @Option(names = "--problems", paramLabel = "ID,ID,...", description = "Only these problems (comma-separated; repeatable), in the suite's order.")
    List<String> problemIds;

    @Option(names = "--problems-file", paramLabel = "FILE", description = "Only the problems listed in FILE, one id a line (# comments).")
    Path problemsFile;

    @Option(names = "--filter", paramLabel = "COND",
            description = "Only problems whose metadata satisfy COND, e.g. 'level=5', 'subject!=Algebra', 'date>=2024-09-01' (repeatable: all must hold).")
    List<String> filters;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N problems kept (before --limit).")
    int offset;

    ProblemSelection selection() {
        return new ProblemSelection(problemIds, problemsFile, filters, offset);
    }
}
