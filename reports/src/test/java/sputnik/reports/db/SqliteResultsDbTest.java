package sputnik.reports.db;

/** The results database contract on the embedded SQLite database. */
class SqliteResultsDbTest extends ResultsDbContract {
    private int n;

    @Override
    DbLocation freshLocation() {
        return DbLocation.sqlite(tmp.resolve("db" + n++).resolve("results.db"));
    }

    @Override
    int writers() {
        return 2;
    }
}
