package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** DeepSeek-V3's routing on a worked example: the bias chooses, the groups limit, the unbiased scores weigh. */
class GroupLimitedRoutingTest {
    // 8 experts in 4 groups of two: {0, 1}, {2, 3}, {4, 5}, {6, 7}
    private static final float[] LOGITS = {2f, -2f, 0f, 0.5f, -1f, -0.5f, 1.5f, 1f};
    private static final float[] BIAS = {0, 0, 0, 0, 1, 1, 0, 0};

    private static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    private static int[] route(Routing r, float[] weights) {
        int[] selected = new int[r.topK()];
        r.route(LOGITS.clone(), LOGITS.length, new float[16], new int[16], selected, weights);
        return selected;
    }

    @Test
    void theBiasChoosesTheGroupsLimitAndTheUnbiasedScoresWeigh() {
        // sigmoid scores .881 .119 .5 .622 .269 .378 .818 .731; biased: experts 4 and 5 gain 1
        // group scores (sum of the two best biased): 1.0, 1.12, 2.65, 1.55: groups 2 and 3 are kept, expert 0 (.881) is not
        float[] w = new float[3];
        int[] selected = route(new GroupLimitedRouting(true, BIAS, 4, 2, 3, true, 2.5f), w);
        assertThat(selected).containsExactly(5, 4, 6);
        float sum = sigmoid(-0.5f) + sigmoid(-1f) + sigmoid(1.5f);
        assertThat(w[0]).isCloseTo(sigmoid(-0.5f) / sum * 2.5f, within(1e-6f));
        assertThat(w[1]).isCloseTo(sigmoid(-1f) / sum * 2.5f, within(1e-6f));
        assertThat(w[2]).isCloseTo(sigmoid(1.5f) / sum * 2.5f, within(1e-6f));

        assertThat(route(new GroupLimitedRouting(true, BIAS, 0, 0, 3, true, 2.5f), w)).as("no groups: expert 0 is back").containsExactly(5, 4, 0);
        assertThat(route(new GroupLimitedRouting(true, null, 0, 0, 3, false, 0f), w)).as("no bias").containsExactly(0, 6, 7);
        assertThat(w).as("unnormalised, unscaled: the sigmoid scores").containsExactly(sigmoid(2f), sigmoid(1.5f), sigmoid(1f));
    }

    @Test
    void softmaxScoresNormalisedSumToOne() {
        float[] w = new float[4];
        route(new GroupLimitedRouting(false, null, 4, 2, 4, true, 0f), w);
        assertThat(w[0] + w[1] + w[2] + w[3]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void shapesThatCannotRouteAreRefused() {
        assertThatThrownBy(() -> new GroupLimitedRouting(true, null, 3, 1, 2, true, 1f).check(8)).hasMessageContaining("do not split into 3 groups");
        assertThatThrownBy(() -> new GroupLimitedRouting(true, null, 4, 1, 3, true, 1f).check(8)).hasMessageContaining("cannot hold the top 3");
        assertThatThrownBy(() -> new GroupLimitedRouting(true, new float[4], 0, 0, 2, true, 1f).check(8)).hasMessageContaining("selection bias of 4");
        assertThatThrownBy(() -> new GroupLimitedRouting(true, null, 4, 5, 2, true, 1f)).hasMessageContaining("groups used");
    }
}
