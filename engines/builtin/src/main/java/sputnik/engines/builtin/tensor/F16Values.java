package sputnik.engines.builtin.tensor;

import static sputnik.engines.builtin.tensor.Simd.I8;
import static sputnik.engines.builtin.tensor.Simd.LE;
import static sputnik.engines.builtin.tensor.Simd.S8;
import static sputnik.engines.builtin.tensor.Simd.SHORT_LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * fp16 values stored in memory (an F16 KV cache) read back as floats: the vector version converts eight at a time
 * exactly as {@link F16Kernel} does (bit manipulation, subnormals, infinities and NaNs included), the scalar one value
 * by value; both give {@link Float#float16ToFloat} of every value, so the choice never changes a result.
 */
public final class F16Values {
    private F16Values() {}

    /** {@code out[outOffset + i] = fp16 value at offset + 2 i} for {@code i < n}. */
    public static void toFloats(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        if (Kernels.vector()) toFloatsVector(data, offset, out, outOffset, n);
        else toFloatsScalar(data, offset, out, outOffset, n);
    }

    public static void toFloatsScalar(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) out[outOffset + i] = Float.float16ToFloat(data.get(SHORT_LE, offset + 2L * i));
    }

    public static void toFloatsVector(MemorySegment data, long offset, float[] out, int outOffset, int n) {
        int i = 0;
        for (int upper = n & ~7; i < upper; i += 8) {
            IntVector v = (IntVector) ShortVector.fromMemorySegment(S8, data, offset + 2L * i, LE).convertShape(VectorOperators.S2I, I8, 0);
            IntVector em = v.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts()
                    .blend(em.or(0x7F800000), em.compare(VectorOperators.GE, 0x7C00 << 13))
                    .or(v.and(0x8000).lanewise(VectorOperators.LSHL, 16))
                    .reinterpretAsFloats().intoArray(out, outOffset + i);
        }
        for (; i < n; i++) out[outOffset + i] = Float.float16ToFloat(data.get(SHORT_LE, offset + 2L * i));
    }

    /** Stores {@code n} floats from {@code x} as fp16 (round to nearest even) at {@code offset}. */
    public static void store(float[] x, int xOffset, MemorySegment data, long offset, int n) {
        for (int i = 0; i < n; i++) data.set(SHORT_LE, offset + 2L * i, Float.floatToFloat16(x[xOffset + i]));
    }
}
