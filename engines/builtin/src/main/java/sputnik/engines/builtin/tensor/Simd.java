package sputnik.engines.builtin.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector shapes and small helpers the kernels share (256-bit vectors: AVX2 and wider). */
final class Simd {
    private Simd() {}

    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    static final VectorSpecies<Short> S8 = ShortVector.SPECIES_128;
    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    /** The fp16 value at {@code offset}. */
    static float f16(MemorySegment data, long offset) {
        return Float.float16ToFloat(data.get(SHORT_LE, offset));
    }

    /** The unsigned byte at {@code offset}. */
    static int u8(MemorySegment data, long offset) {
        return data.get(BYTE, offset) & 0xFF;
    }

    /**
     * The 8 lanes {@code l[i..i+7]} of a float vector stored by a kernel, summed in the fixed order every kernel
     * uses (C2's reduction tree on x86: halves, quarters, pairs): {@code (l0 + l4 + (l2 + l6)) + (l1 + l5 + (l3 +
     * l7))}. The same sum as the kernels' written-out {@code lane(k)} expressions, bit for bit; the tile kernels store
     * their accumulators and sum them here rather than pass vectors to a helper, which C2 would box.
     */
    static float sum8(float[] l, int i) {
        return (l[i] + l[i + 4] + (l[i + 2] + l[i + 6])) + (l[i + 1] + l[i + 5] + (l[i + 3] + l[i + 7]));
    }
}
