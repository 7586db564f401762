package sputnik.engines.builtin.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * Q8_0 weights repacked at load time, four rows interleaved block by block: block b of rows 4g, 4g+1, 4g+2, 4g+3 lie
 * side by side (4 x 34 bytes, each block as GGUF stores it: fp16 scale, 32 quants), then block b+1 of the same rows.
 * A group of four rows is then one sequential stream of memory, which the hardware prefetcher follows better than
 * four rows read from their row-major places, and the single-vector kernel reads the activation once for four rows
 * ({@link Q8_0Kernel#dotRows4}): single-sequence decoding, bound by memory, gains most. The matrix takes exactly the
 * bytes it took before, each group in the place its four rows had.
 *
 * <p>Every row's dot product is computed with the same operations in the same order as in the row-major layout (the
 * kernels step through a row's blocks 136 bytes apart instead of 34), so a repacked model computes the same logits,
 * bit for bit, as the mapped file ({@code --no-repack}): the layout changes speed only. Tried and measured slower: a
 * float kernel of four rows by four vectors in its own summation order (no faster than the int8 tiles, and the
 * logits would then depend on the layout), and unpacking blocks of rows back to row-major order for many vectors (the
 * copy cost more than the tiles' strided reads).
 */
public final class Interleaved {
    /** Rows per group. */
    public static final int ROWS = 4;

    private static final long STRIDE = ROWS * Q8_0Kernel.BLOCK_BYTES;

    private Interleaved() {}

    /** Whether a matrix of this type and number of rows can be repacked (Q8_0, rows a multiple of {@link #ROWS}). */
    public static boolean supports(GgmlType type, int rows) {
        return type == GgmlType.Q8_0 && rows % ROWS == 0 && rows > 0;
    }

    /** Bytes between two consecutive blocks of one row. */
    static long blockStride() {
        return STRIDE;
    }

    /** The offset of row {@code r}'s first block in a repacked matrix starting at {@code base}. */
    static long rowOffset(long base, long rowBytes, int r) {
        return base + (long) (r / ROWS) * ROWS * rowBytes + (long) (r % ROWS) * Q8_0Kernel.BLOCK_BYTES;
    }

    /**
     * Copies groups {@code fromGroup .. toGroup - 1} of Q8_0 rows of {@code rowBytes} (row-major as GGUF stores them:
     * group g is rows 4g .. 4g+3) from {@code src} at {@code srcOffset} to {@code dst} at {@code dstOffset}, interleaved.
     * Groups are independent: ranges of them may be copied in parallel.
     */
    public static void repack(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long rowBytes, long fromGroup, long toGroup) {
        int groupBytes = Math.toIntExact(ROWS * rowBytes), blocks = Math.toIntExact(rowBytes / Q8_0Kernel.BLOCK_BYTES);
        // A group at a time through heap arrays: one bulk copy in, 34-byte array copies, one bulk copy out (a
        // MemorySegment.copy per block took several seconds for a 2.5 GB model).
        byte[] in = new byte[groupBytes], out = new byte[groupBytes];
        for (long g = fromGroup; g < toGroup; g++) {
            long group = g * groupBytes;
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset + group, in, 0, groupBytes);
            for (int j = 0; j < ROWS; j++) {
                int from = j * (int) rowBytes, to = j * Q8_0Kernel.BLOCK_BYTES;
                for (int b = 0; b < blocks; b++) System.arraycopy(in, from + b * Q8_0Kernel.BLOCK_BYTES, out, to + b * (int) STRIDE, Q8_0Kernel.BLOCK_BYTES);
            }
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + group, groupBytes);
        }
    }

    /** Row {@code r} decoded into {@code out[outOffset .. outOffset + n)}. */
    static void dequantizeRow(MemorySegment data, long base, long rowBytes, int r, float[] out, int outOffset, int n) {
        Q8_0Kernel.dequantize(data, rowOffset(base, rowBytes, r), STRIDE, out, outOffset, n);
    }

    /** Row {@code r} dotted with {@code x} (prepared for Q8_0), with the selected kernel. */
    static float dot(MemorySegment data, long base, long rowBytes, int r, Activation x, int n) {
        long o = rowOffset(base, rowBytes, r);
        return Kernels.vector() ? Q8_0Kernel.dotVector(data, o, STRIDE, x, n, TensorKernel.scratch())
                : Q8_0Kernel.dotScalarBlocks(data, o, STRIDE, x.q80, x.q80d, 0, n / 32);
    }

    /** {@code out[outOffset + r - from] = row r . x} for {@code from <= r < to}, both multiples of {@link #ROWS}. */
    static void rows(MemorySegment data, long base, long rowBytes, int from, int to, Activation x, int n, float[] out, int outOffset) {
        checkGroups(from, to);
        if (!Kernels.vector()) {
            for (int r = from; r < to; r++) out[outOffset + r - from] = dot(data, base, rowBytes, r, x, n);
            return;
        }
        TensorKernel.Scratch s = TensorKernel.scratch();
        float[] res = s.res;
        for (int r = from; r < to; r += ROWS) {
            Q8_0Kernel.dotRows4(data, base + (long) r * rowBytes, x, n, s);
            int o = outOffset + r - from;
            out[o] = res[0];
            out[o + 1] = res[1];
            out[o + 2] = res[2];
            out[o + 3] = res[3];
        }
    }

    /**
     * The same rows times {@code count} vectors: {@code outs[j][outOffset + r - from] = row r . xs[j]}, each vector's
     * results equal to {@link #rows(MemorySegment, long, long, int, int, Activation, int, float[], int)} with it alone.
     * Blocked as {@link TensorKernel#rows(MemorySegment, long, long, int, int, Activation[], int, int, float[][], int)}
     * is: tiles of four and two vectors row by row (their kernels step through a row's blocks {@link #blockStride}
     * apart), the last vector of an odd count four rows at a time.
     */
    static void rows(MemorySegment data, long base, long rowBytes, int from, int to, Activation[] xs, int count, int n, float[][] outs, int outOffset) {
        checkGroups(from, to);
        if (!Kernels.vector()) {
            for (int r = from; r < to; r++) {
                for (int j = 0; j < count; j++) outs[j][outOffset + r - from] = dot(data, base, rowBytes, r, xs[j], n);
            }
            return;
        }
        TensorKernel.Scratch s = TensorKernel.scratch();
        float[] res = s.res;
        int block = Math.max(ROWS, TensorKernel.rowBlock(rowBytes) / ROWS * ROWS);
        for (int r0 = from; r0 < to; r0 += block) {
            int r1 = Math.min(to, r0 + block), j = 0;
            for (; j + 4 <= count; j += 4) {
                for (int r = r0; r < r1; r++) {
                    Q8_0Kernel.dotVector4(data, rowOffset(base, rowBytes, r), STRIDE, xs, j, n, s);
                    int o = outOffset + r - from;
                    for (int t = 0; t < 4; t++) outs[j + t][o] = res[t];
                }
            }
            for (; j + 2 <= count; j += 2) {
                for (int r = r0; r < r1; r++) {
                    Q8_0Kernel.dotVector2(data, rowOffset(base, rowBytes, r), STRIDE, xs, j, n, s);
                    int o = outOffset + r - from;
                    outs[j][o] = res[0];
                    outs[j + 1][o] = res[1];
                }
            }
            if (j < count) rows(data, base, rowBytes, r0, r1, xs[j], n, outs[j], outOffset + r0 - from);
        }
    }

    private static void checkGroups(int from, int to) {
        if (from % ROWS != 0 || to % ROWS != 0) throw new IllegalArgumentException("rows " + from + ".." + to + " are not whole groups of " + ROWS);
    }
}
