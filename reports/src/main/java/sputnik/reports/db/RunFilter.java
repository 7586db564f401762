package sputnik.reports.db;

/**
 * Which runs {@code db runs} lists: each non-null field narrows the list. {@code since} is an ISO-8601
 * date or instant compared with the run's start; {@code complete} keeps only complete (true) or
 * incomplete (false) runs.
 */
public record RunFilter(String suite, String model, String engine, String commit, String since, Boolean complete, int limit) {
    public static RunFilter all() {
        return new RunFilter(null, null, null, null, null, null, Integer.MAX_VALUE);
    }
}
