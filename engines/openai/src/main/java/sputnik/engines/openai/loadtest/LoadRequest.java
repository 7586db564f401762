package sputnik.engines.openai.loadtest;

import java.util.Arrays;
import java.util.List;
import sputnik.engines.openai.client.Generation;

/**
 * One measured request of a sweep point, as written to requests.jsonl. {@code startMs} and
 * {@code endMs} are from the point's start; the latencies are from the request's own send.
 */
record LoadRequest(
        int index,
        double startMs,
        double endMs,
        boolean ok,
        String errorKind,
        String error,
        int attempts,
        int promptTokens,
        int outputTokens,
        boolean tokensEstimated,
        String finishReason,
        Double ttftMs,
        Double ttftAnswerMs,
        Double tpotMs,
        Double e2eMs,
        double[] itlMs) {

    static LoadRequest ok(int index, double startMs, double endMs, int attempts, Generation g) {
        return new LoadRequest(index, startMs, endMs, true, null, null, attempts, g.promptTokens(), g.completionTokens(), g.tokensEstimated(),
                g.finishReason().wire(), g.ttftMs(), g.ttftAnswerMs(), g.tpotMs(), g.e2eMs(), g.itlMs());
    }

    static LoadRequest failed(int index, double startMs, double endMs, int attempts, String kind, String error) {
        return new LoadRequest(index, startMs, endMs, false, kind, error, attempts, 0, 0, false, null, null, null, null, null, new double[0]);
    }

    /** The most requests that were in flight at once, from their start and end times. */
    static int maxInFlight(List<LoadRequest> rs) {
        int n = rs.size();
        double[] starts = new double[n], ends = new double[n];
        for (int i = 0; i < n; i++) {
            starts[i] = rs.get(i).startMs();
            ends[i] = rs.get(i).endMs();
        }
        Arrays.sort(starts);
        Arrays.sort(ends);
        int max = 0, cur = 0, j = 0;
        for (int i = 0; i < n; i++) {
            while (j < n && ends[j] <= starts[i]) {
                j++;
                cur--;
            }
            cur++;
            max = Math.max(max, cur);
        }
        return max;
    }
}
