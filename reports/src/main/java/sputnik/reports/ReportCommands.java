package sputnik.reports;

import java.util.List;
import sputnik.harness.api.CommandProvider;
import sputnik.reports.claims.ClaimsCommand;
import sputnik.reports.compare.CompareCommand;
import sputnik.reports.db.cli.DbCommand;
import sputnik.reports.web.WebCommand;
import sputnik.reports.leaderboard.LeaderboardCommand;

/** Plugs {@code sputnik compare}, {@code sputnik leaderboard} and {@code sputnik claims} into the CLI. */
public final class ReportCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new CompareCommand(), new LeaderboardCommand(), new ClaimsCommand(), new DbCommand(), new WebCommand());
    }
}
