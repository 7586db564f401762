package sputnik.datasets.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * tester.py: a dataset's own tests, run in a sandbox of their own that the candidate cannot reach.
 * Its requests to the candidate are relayed by {@link #run}; its last message says whether the tests
 * passed. A tester serves one job at a time and is reused (it runs no model-written code); one that
 * misbehaves is discarded.
 */
final class Tester implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Extra time the tester may take beyond the candidate's wall-clock backstop before it is deemed broken. */
    private static final long GRACE_MILLIS = 30_000;

    private final SandboxProcess process;
    private boolean broken;
    private String failure = "";

    private Tester(SandboxProcess process) {
        this.process = process;
    }

    static Tester start(Sandbox sandbox, SandboxLimits limits) throws IOException {
        return new Tester(new SandboxProcess(sandbox, sandbox.start("tester.py", List.of(), null, null), limits.outputBytes(),
                limits.stderrBytes()));
    }

    boolean broken() {
        return broken;
    }

    /**
     * Runs one job against a loaded candidate. Returns the tester's final message, or null when the
     * tester itself failed (then it is broken and must be replaced; the verdict is a sandbox error).
     */
    JsonNode run(String job, FunctionCandidate candidate, TimeLimit limit) {
        process.deadlineIn(limit.wallMillis() + GRACE_MILLIS);
        try {
            if (!process.writeLine(job)) return fail("could not send the job");
            while (true) {
                String line = process.readLine();
                if (line == null) return fail(process.timedOut() ? "timed out" : "ended its output");
                // A request to the candidate starts {"to": "candidate", "id": N, (tester.py writes it so);
                // read its id without parsing the whole message, which the candidate parses anyway.
                long id = requestId(line);
                if (id < 0) {
                    JsonNode m = JSON.readTree(line);
                    if (m.has("done")) return m;
                    return fail("sent " + Ending.tail(line, 200));
                }
                String reply = candidate.request(line, id);
                if (reply == null) reply = "{\"id\":" + id + ",\"failed\":\"candidate stopped\"}";
                if (!process.writeLine(reply)) return fail("could not send a reply");
            }
        } catch (IOException e) {
            return fail("sent something that is not JSON (" + e.getMessage() + ")");
        } finally {
            process.cancelDeadline();
        }
    }

    private static final String REQUEST = "{\"to\": \"candidate\", \"id\": ";

    static long requestId(String line) {
        if (!line.startsWith(REQUEST)) return -1;
        long id = 0;
        int i = REQUEST.length(), digits = 0;
        for (; i < line.length() && Character.isDigit(line.charAt(i)) && digits < 18; i++, digits++) id = id * 10 + (line.charAt(i) - '0');
        return digits > 0 && i < line.length() && line.charAt(i) == ',' ? id : -1;
    }

    /** Why the tester failed, and the end of its stderr. */
    String failure() {
        String err = process.stderrText().strip();
        String exit = process.exitsWithin(1000) ? " (exit code " + process.exitCode() + ")" : "";
        return failure + exit + (err.isEmpty() ? "" : ": " + Ending.tail(err, 1000));
    }

    private JsonNode fail(String why) {
        broken = true;
        failure = why;
        return null;
    }

    @Override
    public void close() {
        process.close();
    }
}
