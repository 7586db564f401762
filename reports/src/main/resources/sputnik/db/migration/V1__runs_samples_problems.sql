-- The results database: an index of run directories (which stay the record). One schema for SQLite
-- and PostgreSQL, so only types and statements both accept: TEXT, INTEGER, BIGINT, DOUBLE PRECISION,
-- BOOLEAN, and no generated keys (a run's key is derived from its directory).

-- One row per run directory. The scores are those the run's samples give when scored afresh at
-- indexing (as `report` and `leaderboard` do), and run.json and that summary are kept whole, so that
-- `db leaderboard` ranks from exactly what `leaderboard` ranks from.
CREATE TABLE runs (
    run_key             TEXT PRIMARY KEY,          -- first 16 hex digits of SHA-256 of dir
    dir                 TEXT NOT NULL UNIQUE,      -- absolute, normalized path of the run directory
    suite               TEXT NOT NULL,
    model               TEXT NOT NULL,
    engine              TEXT NOT NULL,
    problem_set         TEXT NOT NULL,             -- which problems the run planned (see Coverage.problemSet)
    git_commit          TEXT,
    started_at          TEXT,                      -- ISO-8601, the first session's start
    ended_at            TEXT,                      -- the last session's end
    status              TEXT,                      -- the last session's status
    complete            BOOLEAN NOT NULL,          -- every planned sample graded
    coverage            TEXT NOT NULL,             -- e.g. "30x64 of 30x64"
    problems_planned    INTEGER NOT NULL,
    samples_per_problem INTEGER NOT NULL,
    samples_done        INTEGER NOT NULL,          -- graded samples in scope
    samples_total       INTEGER NOT NULL,          -- every sample in samples.jsonl
    prompt_tokens       BIGINT NOT NULL,           -- over every sample
    completion_tokens   BIGINT NOT NULL,
    wall_seconds        DOUBLE PRECISION NOT NULL,
    pass_at_1           DOUBLE PRECISION,          -- null when nothing is graded
    pass_at_1_ci_low    DOUBLE PRECISION,
    pass_at_1_ci_high   DOUBLE PRECISION,
    manifest_json       TEXT NOT NULL,             -- run.json as read
    summary_json        TEXT NOT NULL,             -- the scores, as summary.json writes them
    headline_json       TEXT NOT NULL,             -- the same without per_problem (which run_problems holds):
                                                   -- a leaderboard reads this, a twentieth of the size
    with_text           BOOLEAN NOT NULL,          -- responses and reasoning were indexed too
    indexed_at          TEXT NOT NULL
);
CREATE INDEX runs_by_suite_model ON runs (suite, model, started_at);
CREATE INDEX runs_by_model ON runs (model, started_at);

-- One row per sample of samples.jsonl.
CREATE TABLE samples (
    run_key           TEXT NOT NULL REFERENCES runs (run_key) ON DELETE CASCADE,
    sample_id         TEXT NOT NULL,
    problem_id        TEXT NOT NULL,
    sample_index      INTEGER NOT NULL,
    seed              BIGINT NOT NULL,
    in_scope          BOOLEAN NOT NULL,            -- counted by the scores (graded, in run.json's scope)
    prompt_sha256     TEXT,
    verdict           TEXT NOT NULL,
    correct           BOOLEAN NOT NULL,
    extracted         TEXT,
    vote_key          TEXT,
    reason            TEXT,                        -- the grader's detail.reason, when it gave one
    detail_json       TEXT,
    finish_reason     TEXT,
    prompt_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    tokens_estimated  BOOLEAN NOT NULL,
    ttft_ms           DOUBLE PRECISION,
    e2e_ms            DOUBLE PRECISION,
    timings_json      TEXT,
    finished_at       TEXT,
    response          TEXT,                        -- only when indexed with --with-text
    reasoning         TEXT,
    PRIMARY KEY (run_key, sample_id)
);
CREATE INDEX samples_by_problem ON samples (run_key, problem_id, sample_index);

-- One row per problem a run scored: what `db problems` and the run page aggregate, so that neither
-- scans the samples.
CREATE TABLE run_problems (
    run_key   TEXT NOT NULL REFERENCES runs (run_key) ON DELETE CASCADE,
    problem_id TEXT NOT NULL,
    position  INTEGER NOT NULL,                    -- order in run.json's scope
    samples   INTEGER NOT NULL,
    correct   INTEGER NOT NULL,
    pass_at_1 DOUBLE PRECISION NOT NULL,
    majority  TEXT,
    majority_correct BOOLEAN NOT NULL,
    PRIMARY KEY (run_key, problem_id)
);
