package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The vector width: how -Dsputnik.vector.bits and the CPU choose it, and that the kernels' shapes and description follow it. */
class KernelsTest {
    @Test
    void theWidthIsTheCpusPreferredAtMost512UnlessSet() {
        assertThat(Kernels.decideBits(null, 512)).isEqualTo(256); // 512 only when asked (see Kernels)
        assertThat(Kernels.decideBits("auto", 1024)).isEqualTo(256);
        assertThat(Kernels.decideBits("", 256)).isEqualTo(256);
        assertThat(Kernels.decideBits(null, 128)).isEqualTo(128);
        assertThat(Kernels.decideBits(null, 64)).isZero();
        assertThat(Kernels.decideBits("128", 512)).isEqualTo(128);
        assertThat(Kernels.decideBits(" 512 ", 256)).isEqualTo(512);
        assertThatThrownBy(() -> Kernels.decideBits("1024", 512)).hasMessageContaining("sputnik.vector.bits");
    }

    @Test
    void theShapesAndTheDescriptionFollowTheWidth() {
        String set = System.getProperty(Kernels.BITS_PROPERTY);
        if (set != null) assertThat(Kernels.bits()).isEqualTo(Integer.parseInt(set));
        assertThat(Simd.F.vectorBitSize()).isEqualTo(Kernels.bits());
        assertThat(Simd.L * 32).isEqualTo(Kernels.bits());
        assertThat(Simd.I.length()).isEqualTo(Simd.L);
        assertThat(Simd.SH.length()).isEqualTo(Simd.L);
        if (Kernels.vector()) assertThat(Kernels.describe()).startsWith("vector " + Kernels.bits() + "-bit");
    }

    @Test
    void lanesAreSummedInOneFixedOrder() {
        float[] l = new float[16];
        for (int i = 0; i < 16; i++) l[i] = (float) Math.scalb(1.0 + i / 16.0, i % 5 * 9);
        float expected = switch (Simd.L) {
            case 4 -> (l[0] + l[2]) + (l[1] + l[3]);
            case 8 -> (l[0] + l[4] + (l[2] + l[6])) + (l[1] + l[5] + (l[3] + l[7]));
            default -> {
                float[] h = new float[8];
                for (int k = 0; k < 8; k++) h[k] = l[k] + l[k + 8];
                yield (h[0] + h[4] + (h[2] + h[6])) + (h[1] + h[5] + (h[3] + h[7]));
            }
        };
        assertThat(Simd.sumLanes(l.clone(), 0)).isEqualTo(expected);
    }
}
