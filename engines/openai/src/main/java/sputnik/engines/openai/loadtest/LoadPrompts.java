package sputnik.engines.openai.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import sputnik.engines.openai.client.ApiKind;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Prompt;

/**
 * Prompts for a load test: a suite's problems in order (cycling when more are asked for), or random
 * prompts of common English words. Without the model's tokenizer a random prompt cannot be cut to an
 * exact token count; {@link #wordsFor} sizes it from the server's own count of two calibration prompts
 * (tokens = slope × words + the chat template's overhead), and the report shows the input tokens the
 * server actually counted.
 */
final class LoadPrompts {
    private LoadPrompts() {}

    private static final String[] WORDS = ("the of and to in is was for on that with as by at from his her an which or be are have were "
            + "this had not but they their one all been has there who more when some would can time if out up about other into "
            + "than then only over new also after first two years may most could these such made many any like very where just "
            + "people state through between well world under city down back each should used while part same great since during "
            + "around without another place long work three life against water school small point number house high family often "
            + "country light river music north south east west early late young green garden window table letter morning evening "
            + "market bridge mountain island forest valley village winter summer spring autumn story answer question problem")
            .split(" ");

    /** A prompt of {@code words} random words; the same (seed, stream, index) always gives the same prompt. */
    static String randomText(int words, long seed, int stream, int index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + index);
        StringBuilder b = new StringBuilder(words * 7);
        for (int i = 0; i < words; i++) {
            if (i > 0) b.append(' ');
            b.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    /**
     * Random prompts for one sweep point ({@code stream}): every point gets prompts of its own, so that a
     * server's prefix cache does not make later points look faster.
     */
    static List<Prompt> random(int count, int words, long seed, int stream, ApiKind api) {
        List<Prompt> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String t = randomText(words, seed, stream, i);
            out.add(api == ApiKind.CHAT ? Prompt.user(t) : Prompt.text(t));
        }
        return out;
    }

    static List<Prompt> suite(List<Problem> problems, int count) {
        List<Prompt> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(problems.get(i % problems.size()).prompt());
        return out;
    }

    /**
     * Words per prompt for {@code targetTokens} input tokens, from two prompts of {@code w1 < w2} words
     * the server counted as {@code t1} and {@code t2} tokens. At least one word.
     */
    static int wordsFor(int targetTokens, int w1, int t1, int w2, int t2) {
        double slope = (double) (t2 - t1) / (w2 - w1);
        if (!(slope > 0)) return Math.max(1, targetTokens);
        double intercept = t1 - slope * w1;
        return (int) Math.max(1, Math.round((targetTokens - intercept) / slope));
    }
}
