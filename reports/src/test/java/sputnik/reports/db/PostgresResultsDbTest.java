package sputnik.reports.db;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.Statement;

/**
 * The results database contract on a real PostgreSQL server: the one `.ci/run` starts (a throwaway
 * cluster) and names in $SPUTNIK_TEST_POSTGRES. Skipped, with the reason, when none is given.
 */
class PostgresResultsDbTest extends ResultsDbContract {
    static final String ENV = "SPUTNIK_TEST_POSTGRES";

    @Override
    DbLocation freshLocation() throws Exception {
        String url = System.getenv(ENV);
        assumeTrue(url != null && !url.isBlank(), "no PostgreSQL server: set $" + ENV + " to postgresql://user@host:port/db (.ci/run starts one)");
        DbLocation loc = DbLocation.parse(url, "$" + ENV);
        // An empty schema per test: the server is shared by the tests, one at a time.
        try (Connection c = java.sql.DriverManager.getConnection(loc.jdbcUrl(), loc.properties()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
        return loc;
    }

    @Override
    int writers() {
        return 8;
    }
}
