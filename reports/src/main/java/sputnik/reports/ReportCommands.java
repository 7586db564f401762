package sputnik.reports;

import java.util.List;
import sputnik.harness.api.CommandProvider;
import sputnik.reports.claims.ClaimsCommand;
import sputnik.reports.compare.CompareCommand;
import sputnik.reports.db.cli.DbCommand;
import sputnik.reports.web.WebCommand;
import sputnik.reports.leaderboard.LeaderboardCommand;
import sputnik.reports.windows.WindowsCommand;

/** Plugs the reports' commands (compare, leaderboard, claims, db, web, windows) into the CLI. */
public final class ReportCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new CompareCommand(), new LeaderboardCommand(), new ClaimsCommand(), new DbCommand(), new WebCommand(), new WindowsCommand());
    }
}
