package sputnik.engines.builtin.tensor;

import java.lang.foreign.MemorySegment;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * The kernels of one GGML tensor type: dequantization of a row, and the dot product of a weight row (bytes
 * in a {@link MemorySegment}, little-endian, as a GGUF file stores them) with an {@link Activation}, in a
 * Vector API version and a plain scalar reference beside it. {@link #dot} and {@link #rows} pick the
 * implementation {@link Kernels} selects.
 *
 * <p>Offsets are {@code long} byte offsets into the segment, which may be far larger than 2 GB. A row of
 * {@code n} values takes {@code type().bytesFor(n)} bytes; {@code n} must be a multiple of the type's block.
 */
public abstract sealed class TensorKernel
        permits F32Kernel, F16Kernel, Bf16Kernel, Q8_0Kernel, Q4_0Kernel, Q4_KKernel, Q6_KKernel {

    /** Whether this type's vector kernels run: see {@link Kernels} (width-generic types at any width, the others from 256 bits). */
    private final boolean vector;

    /** {@code widthGeneric}: whether this type's vector kernels are written for any vector width (else for 256 bits). */
    TensorKernel(boolean widthGeneric) {
        this.vector = widthGeneric ? Kernels.vector() : Kernels.vector256();
    }

    private static final TensorKernel F32 = new F32Kernel();
    private static final TensorKernel F16 = new F16Kernel();
    private static final TensorKernel BF16 = new Bf16Kernel();
    private static final TensorKernel Q8_0 = new Q8_0Kernel();
    private static final TensorKernel Q4_0 = new Q4_0Kernel();
    private static final TensorKernel Q4_K = new Q4_KKernel();
    private static final TensorKernel Q6_K = new Q6_KKernel();

    /** The kernels for {@code type}; an {@link IllegalArgumentException} for a type without kernels. */
    public static TensorKernel of(GgmlType type) {
        return switch (type) {
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            case Q8_0 -> Q8_0;
            case Q4_0 -> Q4_0;
            case Q4_K -> Q4_K;
            case Q6_K -> Q6_K;
            default -> throw new IllegalArgumentException("no kernels for tensor type " + type + " (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K)");
        };
    }

    /** The weight type these kernels read. */
    public abstract GgmlType type();

    /** Decodes {@code n} values of the row at {@code offset} into {@code out[outOffset..]} (ggml's {@code dequantize_row_*}). */
    public abstract void dequantize(MemorySegment data, long offset, float[] out, int outOffset, int n);

    /** The plain scalar dot product of the row at {@code offset} with the first {@code n} values of {@code x}. */
    public abstract float dotScalar(MemorySegment data, long offset, Activation x, int n);

    /** The Vector API dot product; same result as {@link #dotScalar} up to float summation order (see each type). */
    public abstract float dotVector(MemorySegment data, long offset, Activation x, int n);

    /** The dot product with the selected implementation. {@code x} must be {@link Activation#prepare prepared} for this type. */
    public final float dot(MemorySegment data, long offset, Activation x, int n) {
        return vector ? dotVector(data, offset, x, n) : dotScalar(data, offset, x, n);
    }

    /**
     * {@code out[outOffset + r - from] = dot(row r)} for rows {@code from <= r < to} of a matrix whose row 0
     * starts at {@code base} and whose rows are {@code rowBytes} apart. (C2 does not inline the dot kernels,
     * which are large, into this loop whatever its receiver: one call per row, a few ns against the hundreds a
     * row takes.)
     */
    public final void rows(MemorySegment data, long base, long rowBytes, int from, int to, Activation x, int n, float[] out, int outOffset) {
        if (vector) {
            rowsVector(data, base, rowBytes, from, to, x, n, out, outOffset);
        } else {
            for (int r = from; r < to; r++) out[outOffset + r - from] = dotScalar(data, base + r * rowBytes, x, n);
        }
    }

    /** {@link #rows} with the vector kernel: the per-thread scratch is fetched once, not once per row. */
    private void rowsVector(MemorySegment data, long base, long rowBytes, int from, int to, Activation x, int n, float[] out, int outOffset) {
        Scratch s = scratch();
        for (int r = from; r < to; r++) out[outOffset + r - from] = dotVector(data, base + r * rowBytes, x, n, s);
    }

    /**
     * The same rows times {@code count} activation vectors at once: {@code outs[j][outOffset + r - from] = dot(row r,
     * xs[j])} for {@code j < count}. Each vector's results are equal, bit for bit, to {@link #rows} with that vector
     * alone, whatever the other vectors and {@code count} are: a sequence's output must not depend on what shares its
     * batch. Rows outermost, so a row is read from memory once; the vector path then takes the vectors in tiles of
     * four, two and one ({@link #dotVector4}, {@link #dotVector2}), each of which decodes a weight block once for all
     * its vectors and keeps every vector's own accumulators, summed in the single-vector kernel's order.
     */
    public void rows(MemorySegment data, long base, long rowBytes, int from, int to, Activation[] xs, int count, int n, float[][] outs,
                     int outOffset) {
        if (vector) rowsVector(data, base, rowBytes, from, to, xs, count, n, outs, outOffset);
        else rowsScalar(data, base, rowBytes, from, to, xs, count, n, outs, outOffset);
    }

    /** {@link #rows(MemorySegment, long, long, int, int, Activation[], int, int, float[][], int)} with the scalar reference: its dot product per vector. */
    final void rowsScalar(MemorySegment data, long base, long rowBytes, int from, int to, Activation[] xs, int count, int n, float[][] outs, int outOffset) {
        for (int r = from; r < to; r++) {
            long row = base + r * rowBytes;
            for (int j = 0; j < count; j++) outs[j][outOffset + r - from] = dotScalar(data, row, xs[j], n);
        }
    }

    /** {@link #rows(MemorySegment, long, long, int, int, Activation[], int, int, float[][], int)} with the vector kernels, in tiles of 4, 2 and 1 vectors. */
    final void rowsVector(MemorySegment data, long base, long rowBytes, int from, int to, Activation[] xs, int count, int n, float[][] outs, int outOffset) {
        Scratch s = scratch();
        float[] res = s.res;
        // Blocked as a matrix product is: a block of rows (kept in L2) against one tile of vectors (kept in L1) at a time.
        // Rows outermost with every tile inside would stream all the vectors through the cache once per row: 512 prompt
        // tokens of 2048 values are 2 MB of quants, more than L2, so the kernel would wait on L3 instead of computing.
        int block = rowBlock(rowBytes);
        for (int r0 = from; r0 < to; r0 += block) {
            int r1 = Math.min(to, r0 + block), j = 0;
            for (; j + 4 <= count; j += 4) {
                for (int r = r0; r < r1; r++) {
                    dotVector4(data, base + r * rowBytes, xs, j, n, s);
                    int o = outOffset + r - from;
                    for (int t = 0; t < 4; t++) outs[j + t][o] = res[t];
                }
            }
            for (; j + 2 <= count; j += 2) {
                for (int r = r0; r < r1; r++) {
                    dotVector2(data, base + r * rowBytes, xs, j, n, s);
                    int o = outOffset + r - from;
                    outs[j][o] = res[0];
                    outs[j + 1][o] = res[1];
                }
            }
            if (j < count) for (int r = r0; r < r1; r++) outs[j][outOffset + r - from] = dotVector(data, base + r * rowBytes, xs[j], n, s);
        }
    }

    /** Rows per block of {@link #rowsVector}: about 128 KB of weights, well inside L2 beside the tile's vectors. */
    static int rowBlock(long rowBytes) {
        return (int) Math.max(1, Math.min(1024, (128 << 10) / Math.max(1, rowBytes)));
    }

    /**
     * {@code s.res[t] = dotVector(row, xs[j + t])} for {@code t < 2}, bit for bit. This default runs the single-vector
     * kernel twice; a type whose block decoding is worth sharing overrides it with a fused kernel.
     */
    void dotVector2(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        s.res[0] = dotVector(data, offset, xs[j], n, s);
        s.res[1] = dotVector(data, offset, xs[j + 1], n, s);
    }

    /** {@code s.res[t] = dotVector(row, xs[j + t])} for {@code t < 4}, bit for bit; by default two {@link #dotVector2} tiles. */
    void dotVector4(MemorySegment data, long offset, Activation[] xs, int j, int n, Scratch s) {
        dotVector2(data, offset, xs, j + 2, n, s);
        float r2 = s.res[0], r3 = s.res[1];
        dotVector2(data, offset, xs, j, n, s);
        s.res[2] = r2;
        s.res[3] = r3;
    }

    /** {@link #dotVector(MemorySegment, long, Activation, int)} given this thread's {@link Scratch} (for the kernels that use it). */
    float dotVector(MemorySegment data, long offset, Activation x, int n, Scratch scratch) {
        return dotVector(data, offset, x, n);
    }

    /**
     * Small per-thread buffers for the vector kernels (so that they allocate nothing per call): a kernel stores
     * values it then broadcasts into vector lanes here, since a broadcast from memory is a plain load while one
     * from a register takes two vector instructions.
     */
    static final class Scratch {
        final int[] ints = new int[16];
        final float[] res = new float[4]; // a tile's results
        final float[] lanes = new float[64]; // a tile's accumulators (up to 4 vectors of 16 lanes), stored to be summed lane by lane (see Simd.sumLanes)
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static Scratch scratch() {
        return SCRATCH.get();
    }

    /** Bytes of a row of {@code n} values. */
    public final long rowBytes(int n) {
        return type().bytesFor(n);
    }
}
