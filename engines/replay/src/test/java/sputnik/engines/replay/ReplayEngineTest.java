package sputnik.engines.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.Completion;
import sputnik.harness.api.EngineException;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Request;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.Timings;

class ReplayEngineTest {

    private static final Sampling SAMPLING = new Sampling(0.6, 0.95, 0, 4096, 7, List.of());

    private static ReplayFile.Line line(String problem, String response) {
        return new ReplayFile.Line(problem, response, null, null, null, null);
    }

    private static Request request(String problem, int index, String prompt) {
        return new Request("arith:" + problem + "#" + index, problem, index, Prompt.user(prompt), SAMPLING);
    }

    private static Request request(String problem, int index) {
        return request(problem, index, "What is 2+2?");
    }

    private static ReplayEngine engine(long delayMs, ReplayFile.Line... lines) {
        Map<String, List<ReplayFile.Line>> byProblem = new LinkedHashMap<>();
        for (ReplayFile.Line l : lines) byProblem.computeIfAbsent(l.problemId(), k -> new ArrayList<>()).add(l);
        return new ReplayEngine(byProblem, "responses.jsonl", null, 0, delayMs);
    }

    @Test
    void sampleIGetsTheProblemsIthLine() throws Exception {
        ReplayEngine e = engine(0, line("a", "a0"), line("b", "b0"), line("a", "a1"), line("a", "a2"));

        assertThat(e.generate(request("a", 0)).text()).isEqualTo("a0");
        assertThat(e.generate(request("a", 1)).text()).isEqualTo("a1");
        assertThat(e.generate(request("a", 2)).text()).isEqualTo("a2");
        assertThat(e.generate(request("b", 0)).text()).isEqualTo("b0");
    }

    @Test
    void samplesBeyondTheRecordedLinesCycle() throws Exception {
        ReplayEngine e = engine(0, line("a", "a0"), line("a", "a1"));

        assertThat(e.generate(request("a", 2)).text()).isEqualTo("a0");
        assertThat(e.generate(request("a", 5)).text()).isEqualTo("a1");
        assertThat(e.generate(request("a", 64)).text()).isEqualTo("a0");
    }

    @Test
    void sameRequestGivesTheSameCompletion() throws Exception {
        ReplayEngine e = engine(0, line("a", "a0"), line("a", "a1"));

        assertThat(e.generate(request("a", 3))).isEqualTo(e.generate(request("a", 3)));
    }

    @Test
    void unknownProblemIsAnEngineExceptionNamingIt() {
        ReplayEngine e = engine(0, line("a", "a0"));

        assertThatThrownBy(() -> e.generate(request("arith-042", 0)))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("'arith-042'")
                .hasMessageContaining("responses.jsonl");
    }

    @Test
    void recordedFinishReasonAndTokenCountsAreReplayed() throws Exception {
        ReplayEngine e = engine(0, new ReplayFile.Line("a", "cut off", "long thought", "length", 321, 4096));

        Completion c = e.generate(request("a", 0));

        assertThat(c.text()).isEqualTo("cut off");
        assertThat(c.reasoning()).isEqualTo("long thought");
        assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(c.truncated()).isTrue();
        assertThat(c.promptTokens()).isEqualTo(321);
        assertThat(c.completionTokens()).isEqualTo(4096);
    }

    @Test
    void recordedFinishReasonIsParsedInOpenAiVocabulary() throws Exception {
        ReplayEngine e = engine(0, new ReplayFile.Line("a", "x", null, "max_tokens", null, null),
                new ReplayFile.Line("a", "x", null, "eos", null, null),
                new ReplayFile.Line("a", "x", null, "content_filter", null, null));

        assertThat(e.generate(request("a", 0)).finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(e.generate(request("a", 1)).finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(e.generate(request("a", 2)).finishReason()).isEqualTo(FinishReason.UNKNOWN);
    }

    @Test
    void missingFinishReasonIsStop() throws Exception {
        assertThat(engine(0, line("a", "x")).generate(request("a", 0)).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void missingTokenCountsAreEstimatedAtOnePerFourCharacters() throws Exception {
        // response 9 chars -> 3 tokens; reasoning 4 chars -> 1 token; prompt "[user]\nabcdefgh\n" 16 chars -> 4 tokens
        ReplayEngine e = engine(0, new ReplayFile.Line("a", "123456789", "abcd", null, null, null));

        Completion c = e.generate(request("a", 0, "abcdefgh"));

        assertThat(c.completionTokens()).isEqualTo(3 + 1);
        assertThat(c.promptTokens()).isEqualTo(4);
    }

    @Test
    void oneRecordedCountDoesNotStopTheOtherFromBeingEstimated() throws Exception {
        ReplayEngine e = engine(0, new ReplayFile.Line("a", "12345678", null, null, 1000, null),
                new ReplayFile.Line("a", "12345678", null, null, null, 7));

        assertThat(e.generate(request("a", 0))).extracting(Completion::promptTokens, Completion::completionTokens)
                .containsExactly(1000, 2);
        assertThat(e.generate(request("a", 1, "abcdefgh"))).extracting(Completion::promptTokens, Completion::completionTokens)
                .containsExactly(4, 7);
    }

    @Test
    void tokenEstimateRoundsUpAndIsZeroOnlyForEmptyText() {
        assertThat(ReplayEngine.estimateTokens("")).isZero();
        assertThat(ReplayEngine.estimateTokens("a")).isEqualTo(1);
        assertThat(ReplayEngine.estimateTokens("abcd")).isEqualTo(1);
        assertThat(ReplayEngine.estimateTokens("abcde")).isEqualTo(2);
        assertThat(ReplayEngine.estimateTokens("x".repeat(400))).isEqualTo(100);
    }

    @Test
    void emptyResponseHasZeroCompletionTokensAndNoTpot() throws Exception {
        Completion c = engine(0, line("a", "")).generate(request("a", 0));

        assertThat(c.text()).isEmpty();
        assertThat(c.completionTokens()).isZero();
        assertThat(c.timings()).isEqualTo(new Timings(0, 0, null));
    }

    @Test
    void delayIsReportedAsTtftAndEndToEndTime() throws Exception {
        Completion c = engine(5, line("a", "x".repeat(40))).generate(request("a", 0));

        assertThat(c.timings().ttftMs()).isEqualTo(5.0);
        assertThat(c.timings().e2eMs()).isEqualTo(5.0);
        assertThat(c.timings().tpotMs()).isEqualTo(0.0);
    }

    @Test
    void withoutDelayTimingsAreZero() throws Exception {
        Completion c = engine(0, line("a", "x".repeat(40))).generate(request("a", 0));

        assertThat(c.timings().ttftMs()).isZero();
        assertThat(c.timings().e2eMs()).isZero();
    }

    @Test
    void modelNamesTheReplayFile() {
        assertThat(engine(0, line("a", "x")).model()).isEqualTo("replay:responses.jsonl");
    }
}
