package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * A kernel gives the same bits before and after C2 compiles it: the interpreter and C1 run the Vector API's Java
 * fallbacks, C2 its intrinsics, and a reduction whose order is left to the implementation (reduceLanes(ADD) on
 * floats) differs between them in the last bits, so every kernel writes its final sum out in one order.
 */
class DeterminismTest {
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q4_0", "Q8_0", "Q4_K", "Q6_K"})
    void aDotProductDoesNotChangeWhenItIsCompiled(GgmlType type) {
        int cols = 512;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = Naive.randomRows(arena, type, 1, cols, 0, 17);
            Activation x = Activation.of(Naive.activations(cols, 3));
            x.prepare(type);
            TensorKernel k = TensorKernel.of(type);
            float first = k.dotVector(m, 0, x, cols);
            for (int i = 0; i < 300_000; i++) { // well past C2's compile threshold
                float d = k.dotVector(m, 0, x, cols);
                if (Float.floatToRawIntBits(d) != Float.floatToRawIntBits(first)) assertThat(d).as("call %d", i).isEqualTo(first);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void theFloatHelpersDoNotChangeWhenTheyAreCompiled() {
        float[] a = Naive.activations(1000, 1), b = Naive.activations(1000, 2), w = Naive.activations(1000, 3);
        float dot = VectorMath.dotVector(a, 0, b, 0, 1000);
        float[] norm = new float[1000], norm0 = new float[1000], soft = new float[1000], soft0 = a.clone();
        VectorMath.rmsnormVector(norm0, 0, a, 0, w, 0, 1000, 1e-6f);
        VectorMath.softmaxVector(soft0, 0, 1000);
        for (int i = 0; i < 100_000; i++) {
            float d = VectorMath.dotVector(a, 0, b, 0, 1000);
            if (d != dot) assertThat(d).as("dot, call %d", i).isEqualTo(dot);
            if (i % 10 == 0) {
                VectorMath.rmsnormVector(norm, 0, a, 0, w, 0, 1000, 1e-6f);
                System.arraycopy(a, 0, soft, 0, 1000);
                VectorMath.softmaxVector(soft, 0, 1000);
                if (!java.util.Arrays.equals(norm, norm0)) assertThat(norm).as("rmsnorm, call %d", i).containsExactly(norm0);
                if (!java.util.Arrays.equals(soft, soft0)) assertThat(soft).as("softmax, call %d", i).containsExactly(soft0);
            }
        }
    }
}
