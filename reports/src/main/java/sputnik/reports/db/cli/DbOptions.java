package sputnik.reports.db.cli;

import java.io.IOException;
import picocli.CommandLine.Option;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.DbLocation;
import sputnik.reports.db.ResultsDb;

/** {@code --db}: which results database a command uses. */
public final class DbOptions {
    @Option(names = "--db", paramLabel = "URL",
            description = "Results database: postgresql://user@host:port/db, sqlite:FILE or a file path (default: $SPUTNIK_DB, else the embedded "
                    + "database in $XDG_DATA_HOME/sputnik/results.db or ~/.local/share/sputnik/results.db). A password goes in $PGPASSWORD.")
    String db;

    public ResultsDb open() throws UsageException, IOException {
        return ResultsDb.open(DbLocation.resolve(db));
    }
}
