package sputnik.reports.db;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A run as the results database lists it (one row of {@code db runs} and {@code db history}).
 *
 * @param key      the run's key (16 hex digits of SHA-256 of its directory): its web pages' address
 * @param coverage problems x samples done of planned
 * @param passAt1  null when nothing is graded
 */
public record StoredRun(
        String key,
        String dir,
        String suite,
        String model,
        String engine,
        String problemSet,
        String gitCommit,
        String startedAt,
        String status,
        boolean complete,
        String coverage,
        int samples,
        @JsonProperty("pass_at_1") Double passAt1,
        @JsonProperty("pass_at_1_ci_low") Double ciLow,
        @JsonProperty("pass_at_1_ci_high") Double ciHigh) {

    static final String COLUMNS = "run_key, dir, suite, model, engine, problem_set, git_commit, started_at, status, complete, coverage, "
            + "samples_total, pass_at_1, pass_at_1_ci_low, pass_at_1_ci_high";

    static StoredRun read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredRun(rs.getString("run_key"), rs.getString("dir"), rs.getString("suite"), rs.getString("model"), rs.getString("engine"),
                rs.getString("problem_set"), rs.getString("git_commit"), rs.getString("started_at"), rs.getString("status"),
                rs.getBoolean("complete"), rs.getString("coverage"), rs.getInt("samples_total"), Sql.real(rs, "pass_at_1"),
                Sql.real(rs, "pass_at_1_ci_low"), Sql.real(rs, "pass_at_1_ci_high"));
    }
}
