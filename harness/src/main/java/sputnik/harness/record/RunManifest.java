package sputnik.harness.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * run.json: what was run and where.
 *
 * @param config      everything that decides the results (suite and dataset hash, prompt template,
 *                    grader, engine and its settings, model, sampling, seed); a resume must match it
 * @param scope       which samples the run covers: problems in order and samples per problem. It may
 *                    grow on resume (more samples or problems re-use what is done)
 * @param environment what ran it (Sputnik version and commit, JVM, OS, CPU, concurrency); informative
 * @param sessions    one entry per invocation that wrote to this directory
 */
public record RunManifest(
        String sputnikVersion,
        Map<String, Object> config,
        Scope scope,
        Map<String, Object> environment,
        List<Session> sessions) {

    /**
     * @param shard     "I/N" when this directory holds shard I of a run split in N ({@code run --shard}); absent otherwise
     * @param selection how the problems were chosen when not simply the suite's first {@code limit}
     *                  ({@code --problems}, {@code --problems-file}, {@code --filter}, {@code --offset}); absent otherwise
     */
    public record Scope(int samplesPerProblem, Integer limit, List<String> problemIds, @JsonInclude(JsonInclude.Include.NON_NULL) String shard,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> selection) {
        public Scope(int samplesPerProblem, Integer limit, List<String> problemIds) {
            this(samplesPerProblem, limit, problemIds, null, null);
        }

        /** The same plan, not a shard of it. */
        public Scope whole() {
            return new Scope(samplesPerProblem, limit, problemIds, null, selection);
        }
    }

    /** A session's status: still going (or killed before it could say otherwise), then how it ended. */
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    public static final String INCOMPLETE = "incomplete";
    public static final String INTERRUPTED = "interrupted";
    /** Stopped by a write that failed (a full disk); {@code error} says which file and why. */
    public static final String FAILED = "failed";
    /** Found still "running" by a later session: it ended without closing its record (kill -9, a crash). */
    public static final String CRASHED = "crashed";

    /**
     * One invocation that wrote to the run directory.
     *
     * @param error why it failed or crashed; absent otherwise
     */
    public record Session(String startedAt, String endedAt, String status, int samplesWritten, int errors, double wallSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
        /** A session that neither failed nor crashed. */
        public Session(String startedAt, String endedAt, String status, int samplesWritten, int errors, double wallSeconds) {
            this(startedAt, endedAt, status, samplesWritten, errors, wallSeconds, null);
        }
    }

    public RunManifest {
        config = new TreeMap<>(config);
        environment = new TreeMap<>(environment);
        sessions = List.copyOf(sessions);
    }

    public String configString(String key) {
        Object v = config.get(key);
        return v == null ? null : v.toString();
    }

    public RunManifest withScope(Scope newScope) {
        return new RunManifest(sputnikVersion, config, newScope, environment, sessions);
    }

    public RunManifest withEnvironment(Map<String, Object> env) {
        return new RunManifest(sputnikVersion, config, scope, env, sessions);
    }

    public RunManifest withSession(Session s) {
        List<Session> list = new ArrayList<>(sessions);
        list.add(s);
        return new RunManifest(sputnikVersion, config, scope, environment, list);
    }

    /** Replaces the last session (the current invocation's) with its final state. */
    public RunManifest withLastSession(Session s) {
        return withSession(sessions.size() - 1, s);
    }

    /** Replaces session {@code index}. */
    public RunManifest withSession(int index, Session s) {
        List<Session> list = new ArrayList<>(sessions);
        list.set(index, s);
        return new RunManifest(sputnikVersion, config, scope, environment, list);
    }
}
