package sputnik.reports.db.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        description = {
            "The results database: an index of run directories for questions across many runs (a model's history over commits,",
            "the problems every model fails, a suite's leaderboard). Embedded SQLite by default, PostgreSQL for a team",
            "(--db postgresql://... or $SPUTNIK_DB). The run directories stay the record: `db rebuild` recreates the database from them.",
            "With $SPUTNIK_DB set, run, grade and compare index the runs they write."
        },
        subcommands = {DbIndexCommand.class, DbRebuildCommand.class, DbLeaderboardCommand.class, DbHistoryCommand.class,
                DbProblemsCommand.class, DbRunsCommand.class})
public final class DbCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: index, rebuild, leaderboard, history, problems or runs");
    }
}
