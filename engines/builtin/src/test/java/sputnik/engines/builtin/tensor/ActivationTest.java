package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.gguf.GgmlType;

class ActivationTest {
    @Test
    void q8_0ScaleIsMaxOver127InFp16AndQuantsRound() {
        float[] x = new float[32];
        x[0] = 2.54f;  // amax: q = 127
        x[1] = -1.27f; // q = -63.5 -> ties to even: -64 (x86 _mm256_round_ps), if the product is exactly -63.5
        x[2] = 0.3f;
        Activation a = Activation.of(x);
        a.prepare(GgmlType.Q8_0);
        assertThat(a.q80d[0]).isEqualTo(Half.roundToF16(2.54f / 127f));
        assertThat(a.q80[0]).isEqualTo((short) 127);
        float id = 127f / 2.54f;
        assertThat(a.q80[1]).isEqualTo((short) Math.rint(-1.27f * id));
        assertThat(a.q80[2]).isEqualTo((short) Math.rint(0.3f * id));
        assertThat(a.q80[3]).isZero();
    }

    @Test
    void q8_0TiesGoToEven() {
        float[] x = new float[32];
        x[0] = 127f; // id = 1, so quants are the values rounded
        x[1] = 2.5f;
        x[2] = -3.5f;
        x[3] = 0.5f;
        Activation a = Activation.of(x);
        a.prepare(GgmlType.Q4_0);
        assertThat(new short[] {a.q80[1], a.q80[2], a.q80[3]}).containsExactly((short) 2, (short) -4, (short) 0);
    }

    @Test
    void q8_0AllZeroBlockHasZeroScale() {
        Activation a = Activation.of(new float[64]);
        a.prepare(GgmlType.Q8_0);
        assertThat(a.q80d[0]).isZero();
        assertThat(a.q80[5]).isZero();
    }

    @Test
    void q8_kUsesTheSignedMaxAndKeepsSumsOf16() {
        float[] x = Naive.activations(512, 4);
        x[300] = -40f; // the largest magnitude of block 1: iscale = -127 / max, so max itself maps to -127 whatever its sign
        Activation a = Activation.of(x);
        a.prepare(GgmlType.Q6_K);
        assertThat(a.q8k[300]).isEqualTo((short) -127);
        assertThat(a.q8kd[1]).isEqualTo(1f / (-127f / -40f));
        for (int j = 0; j < 32; j++) {
            int sum = 0;
            for (int i = 0; i < 16; i++) sum += a.q8k[16 * j + i];
            assertThat(a.q8kBsums[j]).isEqualTo(sum);
        }
        for (int i = 0; i < 512; i++) {
            assertThat(Math.abs(a.q8k[i])).isLessThanOrEqualTo((short) 127);
            assertThat((double) a.q8k[i] * a.q8kd[i / 256]).isCloseTo(x[i], org.assertj.core.data.Offset.offset(Math.abs(a.q8kd[i / 256]) * 0.5 + 1e-6));
        }
    }

    @Test
    void q8_kAlsoKeepsTheQ4KVectorOrderAndSumsOf32() {
        // per 64 values: positions 0, 2, .., 30; 1, 3, .., 31; 32, 34, .., 62; 33, 35, .., 63 (the nibble order of
        // 32 bytes read as 16 shorts), and bsums in pairs
        Activation a = Activation.of(Naive.activations(512, 6));
        a.prepare(GgmlType.Q4_K);
        for (int g = 0; g < 8; g++) {
            for (int k = 0; k < 16; k++) {
                assertThat(a.q8kv[64 * g + k]).isEqualTo(a.q8k[64 * g + 2 * k]);
                assertThat(a.q8kv[64 * g + 16 + k]).isEqualTo(a.q8k[64 * g + 2 * k + 1]);
                assertThat(a.q8kv[64 * g + 32 + k]).isEqualTo(a.q8k[64 * g + 32 + 2 * k]);
                assertThat(a.q8kv[64 * g + 48 + k]).isEqualTo(a.q8k[64 * g + 33 + 2 * k]);
            }
        }
        for (int j = 0; j < 16; j++) assertThat(a.q8kPairs[j]).isEqualTo(a.q8kBsums[2 * j] + a.q8kBsums[2 * j + 1]);
    }

    @Test
    void q8_kPositiveMaxClampsAt127() {
        float[] x = new float[256];
        x[0] = 1f; // max positive: iscale = -127, so the max itself maps to -127 and d is negative
        x[1] = -1f;
        Activation a = Activation.of(x);
        a.prepare(GgmlType.Q4_K);
        assertThat(a.q8k[0]).isEqualTo((short) -127);
        assertThat(a.q8k[1]).isEqualTo((short) 127);
        assertThat(a.q8kd[0]).isEqualTo(-1f / 127f);
    }

    @Test
    void formsAreRecomputedAfterSet() {
        Activation a = new Activation(64);
        a.set(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}, 0, 32);
        a.prepare(GgmlType.Q8_0);
        float first = a.q80d[0];
        a.set(new float[32], 0, 32);
        a.prepare(GgmlType.Q8_0);
        assertThat(first).isPositive();
        assertThat(a.q80d[0]).isZero();
        assertThat(a.length()).isEqualTo(32);
    }

    @Test
    void f16AndBf16FormsAreRounded() {
        Activation a = Activation.of(new float[] {1.0001f, 3.14159f});
        a.prepare(GgmlType.F16);
        a.prepare(GgmlType.BF16);
        assertThat(a.f16()[1]).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(3.14159f)));
        assertThat(a.bf16()[1]).isEqualTo(3.140625f);
        assertThat(a.bf16()[0]).isEqualTo(1.0f);
    }

    @Test
    void badLengthsAreRefused() {
        Activation a = new Activation(100);
        a.set(new float[100], 0, 100);
        assertThatThrownBy(() -> a.prepare(GgmlType.Q8_0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 32");
        assertThatThrownBy(() -> a.set(new float[101], 0, 101)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> Activation.formFor(GgmlType.Q5_K)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bf16RoundingMatchesGgml() {
        assertThat(Half.floatToBf16(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80); // tie, even stays
        assertThat(Half.floatToBf16(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82); // tie, odd rounds up
        assertThat(Half.floatToBf16(Float.intBitsToFloat(0x3F808001))).isEqualTo((short) 0x3F81);
        assertThat(Half.bf16ToFloat(Half.floatToBf16(Float.NaN))).isNaN();
        assertThat(Half.floatToBf16(Float.intBitsToFloat(0x7F800001))).isEqualTo((short) 0x7FC0); // signalling NaN quieted
    }

    @Test
    void kernelSelectionProperty() {
        assertThat(Kernels.decide("scalar")).isFalse();
        assertThat(Kernels.decide(null)).isEqualTo(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256);
        assertThatThrownBy(() -> Kernels.decide("fast")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sputnik.kernels");
        assertThat(Kernels.describe()).contains("preferred vector");
    }
}
