package sputnik.engines.builtin.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LogprobsTest {
    @Test
    void logSoftmaxAndTopTokensMatchADirectComputation() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int vocab = 1 + r.nextInt(300);
            float[] logits = new float[vocab];
            for (int i = 0; i < vocab; i++) logits[i] = (float) (r.nextGaussian() * 5) + (r.nextInt(4) == 0 ? 3f : 0f);
            if (vocab > 3) logits[vocab - 1] = logits[1]; // a tie: the lower id first
            double sum = 0;
            for (float l : logits) sum += Math.exp(l);
            int token = r.nextInt(vocab), top = r.nextInt(Generator.MAX_TOP_LOGPROBS + 1);
            Generator.TokenLogprobs lp = Logprobs.of(logits, vocab, token, top);
            assertThat((double) lp.logprob()).isCloseTo(logits[token] - Math.log(sum), within(1e-4));
            int[] expected = IntStream.range(0, vocab).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i)).limit(top).mapToInt(i -> i).toArray();
            assertThat(lp.topIds()).containsExactly(expected);
            for (int i = 0; i < expected.length; i++) assertThat((double) lp.topLogprobs()[i]).isCloseTo(logits[expected[i]] - Math.log(sum), within(1e-4));
        }
    }
}
