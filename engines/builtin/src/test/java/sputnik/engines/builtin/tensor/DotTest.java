package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sputnik.engines.builtin.gguf.GgmlType;

/** Every type's vector dot product against its scalar reference, and the scalar one against exact arithmetic. */
class DotTest {
    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (GgmlType t : Naive.TYPES) {
            int block = switch (t) {
                case F32, F16, BF16 -> 1;
                case Q8_0, Q4_0 -> 32;
                default -> 256;
            };
            // one block, an odd number of blocks, a real row length; plain float types also get lengths off the vector width
            List<Integer> lengths = block == 1 ? List.of(1, 7, 8, 15, 33, 100, 257, 2048) : List.of(block, 3 * block, 2048, 2048 + block);
            for (int n : lengths) out.add(Arguments.of(t, n));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("shapes")
    void vectorMatchesScalarAndScalarMatchesExactArithmetic(GgmlType type, int cols) {
        int rows = 7;
        TensorKernel k = TensorKernel.of(type);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = Naive.randomRows(arena, type, rows, cols, 5, cols * 31L + type.ordinal());
            Activation x = Activation.of(Naive.activations(cols, cols));
            x.prepare(type);
            double[] xe = Naive.effectiveActivation(type, x);
            long rowBytes = type.bytesFor(cols);
            for (int r = 0; r < rows; r++) {
                long row = 5 + r * rowBytes;
                double exact = 0, magnitude = 0;
                for (int e = 0; e < cols; e++) {
                    double term = (double) Naive.value(type, m, row, e) * xe[e];
                    exact += term;
                    magnitude += Math.abs(term);
                }
                float scalar = k.dotScalar(m, row, x, cols);
                float vector = k.dotVector(m, row, x, cols);
                double tolerance = 2e-6 * Math.sqrt(cols) * magnitude + 1e-30;
                assertThat((double) scalar).as("%s scalar row %d", type, r).isCloseTo(exact, org.assertj.core.data.Offset.offset(tolerance));
                assertThat((double) vector).as("%s vector row %d (scalar %s)", type, r, scalar).isCloseTo(scalar, org.assertj.core.data.Offset.offset(tolerance));
            }
        }
    }

    @Test
    void kQuantScalarPathIsGgmlsGenericOrderBitForBit() {
        // The K-quant scalar references keep ggml's 8 float lane sums: changing the order would show up here
        // as a difference from a straightforward re-computation in that order.
        int cols = 512;
        try (Arena arena = Arena.ofConfined()) {
            for (GgmlType type : new GgmlType[] {GgmlType.Q4_K, GgmlType.Q6_K}) {
                MemorySegment m = Naive.randomRows(arena, type, 1, cols, 0, 3);
                Activation x = Activation.of(Naive.activations(cols, 9));
                x.prepare(type);
                float[] sums = new float[8];
                float sumf = 0;
                for (int b = 0; b < cols / 256; b++) {
                    long block = type.bytesFor(256) * b;
                    int[] aux = new int[8];
                    int sumi = 0;
                    float dw = Float.float16ToFloat(m.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, type == GgmlType.Q4_K ? block : block + 208));
                    for (int e = 0; e < 256; e++) {
                        int q, scale;
                        if (type == GgmlType.Q4_K) {
                            q = nibbleQ4K(m, block, e);
                            scale = scaleQ4K(m, block, e / 32);
                        } else {
                            q = Q6_KKernel.quant(m, block, e);
                            scale = m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, block + 192 + e / 16);
                        }
                        aux[e % 8] += scale * q * x.q8k[256 * b + e];
                    }
                    if (type == GgmlType.Q4_K) {
                        for (int j = 0; j < 16; j++) sumi += x.q8kBsums[16 * b + j] * minQ4K(m, block, j / 2);
                    }
                    float d = dw * x.q8kd[b];
                    for (int l = 0; l < 8; l++) sums[l] += d * aux[l];
                    if (type == GgmlType.Q4_K) {
                        float dmin = Float.float16ToFloat(m.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, block + 2)) * x.q8kd[b];
                        sumf -= dmin * sumi;
                    }
                }
                for (int l = 0; l < 8; l++) sumf += sums[l];
                assertThat(TensorKernel.of(type).dotScalar(m, 0, x, cols)).as(type.toString()).isEqualTo(sumf);
            }
        }
    }

    private static int u8(MemorySegment m, long o) {
        return Byte.toUnsignedInt(m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o));
    }

    private static int nibbleQ4K(MemorySegment m, long block, int e) {
        int b = u8(m, block + 16 + 32 * (e / 64) + e % 32);
        return (e % 64) < 32 ? b & 15 : b >> 4;
    }

    private static int scaleQ4K(MemorySegment m, long block, int j) {
        long s = block + 4;
        return j < 4 ? u8(m, s + j) & 63 : (u8(m, s + j + 4) & 15) | ((u8(m, s + j - 4) >> 6) << 4);
    }

    private static int minQ4K(MemorySegment m, long block, int j) {
        long s = block + 4;
        return j < 4 ? u8(m, s + j + 4) & 63 : (u8(m, s + j + 4) >> 4) | ((u8(m, s + j) >> 6) << 4);
    }

    @Test
    void f16VectorConversionIsExactForEveryBitPattern() {
        // Row r holds fp16 pattern r then seven zeros; times (1, 0, ..., 0) the dot product is the value itself.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(65536L * 16);
            for (int r = 0; r < 65536; r++) m.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 16L * r, (short) r);
            float[] one = new float[8];
            one[0] = 1f;
            Activation x = Activation.of(one);
            x.prepare(GgmlType.F16);
            TensorKernel k = TensorKernel.of(GgmlType.F16);
            for (int r = 0; r < 65536; r++) {
                float expected = Float.float16ToFloat((short) r), got = k.dotVector(m, 16L * r, x, 8);
                if (Float.isNaN(expected)) assertThat(got).as("pattern %04x", r).isNaN();
                else assertThat(got).as("pattern %04x", r).isEqualTo(expected == 0 ? 0f : expected);
            }
        }
    }

    @Test
    void q8_0IntegerSumsAreExactAtTheExtremes() {
        // Weights and activation quants all at +-127 (and -128 weights): 16-bit lanes must not overflow.
        try (Arena arena = Arena.ofConfined()) {
            int cols = 64;
            MemorySegment m = arena.allocate(34 * 2);
            for (int b = 0; b < 2; b++) {
                m.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 34L * b, Float.floatToFloat16(1f));
                for (int j = 0; j < 32; j++) m.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 34L * b + 2 + j, (byte) (b == 0 ? -128 : 127));
            }
            float[] xs = new float[cols];
            java.util.Arrays.fill(xs, -1f);
            Activation x = Activation.of(xs);
            x.prepare(GgmlType.Q8_0);
            float d = Float.float16ToFloat(Float.floatToFloat16(1f / 127));
            float expected = 32 * 128 * 127 * d - 32 * 127 * 127 * d;
            TensorKernel k = TensorKernel.of(GgmlType.Q8_0);
            assertThat(k.dotScalar(m, 0, x, cols)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-2f));
            assertThat(k.dotVector(m, 0, x, cols)).isEqualTo(k.dotScalar(m, 0, x, cols));
        }
    }
}
