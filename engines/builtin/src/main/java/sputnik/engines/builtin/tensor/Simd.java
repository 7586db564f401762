package sputnik.engines.builtin.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector shapes and small helpers the kernels share: the fixed 256-bit shapes of the kernels written for AVX2 and
 * wider, and the shapes of the width-generic kernels at the width {@link Kernels#bits()} sets ({@code static final},
 * so C2 compiles them as constants).
 */
final class Simd {
    private Simd() {}

    /** The width-generic kernels' width; 128 where no vectors run (so that the shapes exist). */
    static final int BITS = Math.max(128, Kernels.bits());
    /** Floats at the generic width, and their count {@code L} (4, 8 or 16). */
    static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));
    static final int L = F.length();
    /** Ints at the generic width: {@code L} of them. */
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(BITS));
    /** Shorts at the generic width ({@code 2L}), and bytes at half of it ({@code 2L}, widened to {@link #S}). */
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(BITS));
    static final VectorSpecies<Byte> BH = VectorSpecies.of(byte.class, VectorShape.forBitSize(BITS / 2));
    /**
     * The width of the kernels written for at most 256 bits (Q4_0: its 16 bytes of nibbles fill a 256-bit vector of
     * shorts): the generic width, or 256 above it. Floats ({@code QL} of them), shorts, and bytes at half of it.
     */
    static final int QBITS = Math.min(BITS, 256);
    static final VectorSpecies<Float> QF = VectorSpecies.of(float.class, VectorShape.forBitSize(QBITS));
    static final int QL = QF.length();
    static final VectorSpecies<Short> QS = VectorSpecies.of(short.class, VectorShape.forBitSize(QBITS));
    static final VectorSpecies<Byte> QBH = VectorSpecies.of(byte.class, VectorShape.forBitSize(QBITS / 2));
    /** {@code L} shorts (half the generic width), widened to {@link #I}. */
    static final VectorSpecies<Short> SH = VectorSpecies.of(short.class, VectorShape.forBitSize(BITS / 2));

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

    /**
     * The {@link #L} lanes {@code l[i..i+L-1]} of a stored generic-width float vector, summed in one fixed order: halves
     * added lane by lane until 8 lanes are left, then {@link #sum8} (4 lanes: {@code (l0 + l2) + (l1 + l3)}). At 256 bits
     * this is {@link #sum8}, so those kernels keep the results they had as fixed 256-bit code.
     */
    static float sumLanes(float[] l, int i) {
        return sumLanes(l, i, L);
    }

    /** {@link #sumLanes(float[], int)} for a vector of {@code lanes} (4, 8 or 16) floats. */
    static float sumLanes(float[] l, int i, int lanes) {
        return switch (lanes) {
            case 4 -> (l[i] + l[i + 2]) + (l[i + 1] + l[i + 3]);
            case 8 -> sum8(l, i);
            default -> {
                for (int k = 0; k < 8; k++) l[i + k] += l[i + k + 8];
                yield sum8(l, i);
            }
        };
    }
}
