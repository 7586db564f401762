package sputnik.engines.builtin.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.parallel.WorkerPool;

/**
 * Parallel matrix-vector products on a {@link WorkerPool}. One call computes one or several products (a
 * {@link Batch}: the q, k and v projections; every selected expert's gate and up matrices) in a single
 * dispatch, the rows of all of them split across the workers by bytes of weights, so every worker reads
 * about the same amount of memory. Nothing is allocated per call once the batch has held its largest number
 * of products.
 *
 * <p>The weights must be readable from the pool threads: map the file in a shared, global or automatic arena,
 * not a confined one. Not thread-safe: use one {@code MatVec} per generating thread (they may share a pool).
 */
public final class MatVec {
    private final WorkerPool pool;
    private final Batch batch = new Batch();

    public MatVec(WorkerPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    public WorkerPool pool() {
        return pool;
    }

    /** {@code out[outOffset + r] = w[r] . x} for every row {@code r} of {@code w}. */
    public void matvec(Matrix w, Activation x, float[] out, int outOffset) {
        batch.clear().add(w, x, out, outOffset).run();
    }

    /** The reusable batch of this {@code MatVec}, cleared. */
    public Batch batch() {
        return batch.clear();
    }

    /**
     * Products to compute together: {@link #add} them, then {@link #run()}. Each product's activation is
     * prepared (quantized for its weight type) when it is added, on the calling thread.
     */
    public final class Batch implements WorkerPool.Task {
        private int size;
        private GgmlType[] types = new GgmlType[8];
        private MemorySegment[] data = new MemorySegment[8];
        private long[] base = new long[8];
        private long[] rowBytes = new long[8];
        private int[] rows = new int[8];
        private int[] cols = new int[8];
        private boolean[] interleaved = new boolean[8]; // four rows interleaved (Interleaved): split between workers in whole groups
        private Activation[] xs = new Activation[8];
        private float[][] outs = new float[8][];
        private Activation[][] manyXs = new Activation[8][]; // a product of several vectors: its vectors, or null
        private float[][][] manyOuts = new float[8][][];
        private int[] counts = new int[8];
        private int[] outOffsets = new int[8];
        private long[] startByte = new long[9]; // cumulative bytes before product i

        private Batch() {}

        public Batch clear() {
            Arrays.fill(xs, 0, size, null);
            Arrays.fill(outs, 0, size, null);
            Arrays.fill(data, 0, size, null);
            Arrays.fill(manyXs, 0, size, null);
            Arrays.fill(manyOuts, 0, size, null);
            size = 0;
            return this;
        }

        /** Adds {@code out[outOffset + r] = w[r] . x} for every row of {@code w}. */
        public Batch add(Matrix w, Activation x, float[] out, int outOffset) {
            return add(w.type(), w.data(), w.offset(), w.rowBytes(), w.rows(), w.cols(), w.interleaved(), x, out, outOffset);
        }

        /** Adds rows {@code from .. from + count - 1} of {@code w}: {@code out[outOffset + i] = w[from + i] . x}. */
        public Batch addRows(Matrix w, int from, int count, Activation x, float[] out, int outOffset) {
            Matrix part = w.rows(from, count);
            return add(part, x, out, outOffset);
        }

        /** Adds expert {@code expert}'s product: {@code out[outOffset + r] = t[expert][r] . x}. */
        public Batch add(ExpertTensor t, int expert, Activation x, float[] out, int outOffset) {
            return add(t.type(), t.data(), t.expertOffset(expert), t.rowBytes(), t.rows(), t.cols(), t.interleaved(), x, out, outOffset);
        }

        /**
         * Adds {@code outs[j][outOffset + r] = w[r] . xs[j]} for every row of {@code w} and {@code j < count}: the
         * matrix is read once for all the vectors. Each vector's results equal those of {@link #add(Matrix, Activation,
         * float[], int)} with it alone. The arrays are read when the batch runs: keep them unchanged until then.
         */
        public Batch add(Matrix w, Activation[] xs, int count, float[][] outs, int outOffset) {
            return addMany(w.type(), w.data(), w.offset(), w.rowBytes(), w.rows(), w.cols(), w.interleaved(), xs, count, outs, outOffset);
        }

        /** Adds expert {@code expert}'s product with {@code count} vectors (see {@link #add(Matrix, Activation[], int, float[][], int)}). */
        public Batch add(ExpertTensor t, int expert, Activation[] xs, int count, float[][] outs, int outOffset) {
            return addMany(t.type(), t.data(), t.expertOffset(expert), t.rowBytes(), t.rows(), t.cols(), t.interleaved(), xs, count, outs, outOffset);
        }

        private Batch addMany(GgmlType type, MemorySegment segment, long offset, long rowSize, int nRows, int nCols, boolean inter, Activation[] vectors,
                              int count, float[][] outputs, int outOffset) {
            if (count < 1 || count > vectors.length || count > outputs.length) {
                throw new IllegalArgumentException(count + " vectors asked of " + vectors.length + " activations and " + outputs.length + " outputs");
            }
            if (count == 1) return add(type, segment, offset, rowSize, nRows, nCols, inter, vectors[0], outputs[0], outOffset);
            for (int j = 1; j < count; j++) check(type, nRows, nCols, vectors[j], outputs[j], outOffset);
            add(type, segment, offset, rowSize, nRows, nCols, inter, vectors[0], outputs[0], outOffset);
            int i = size - 1;
            manyXs[i] = vectors;
            manyOuts[i] = outputs;
            counts[i] = count;
            return this;
        }

        private static void check(GgmlType type, int nRows, int nCols, Activation x, float[] out, int outOffset) {
            if (x.length() != nCols) throw new IllegalArgumentException("activation of " + x.length() + " values for a matrix of " + nCols + " columns");
            Objects.checkFromIndexSize(outOffset, nRows, out.length);
            x.prepare(type);
        }

        private Batch add(GgmlType type, MemorySegment segment, long offset, long rowSize, int nRows, int nCols, boolean inter, Activation x,
                          float[] out, int outOffset) {
            check(type, nRows, nCols, x, out, outOffset);
            if (size == types.length) grow();
            int i = size++;
            types[i] = type;
            data[i] = segment;
            base[i] = offset;
            rowBytes[i] = rowSize;
            rows[i] = nRows;
            cols[i] = nCols;
            interleaved[i] = inter;
            xs[i] = x;
            outs[i] = out;
            outOffsets[i] = outOffset;
            manyXs[i] = null;
            manyOuts[i] = null;
            counts[i] = 1;
            startByte[i + 1] = startByte[i] + rowSize * nRows;
            return this;
        }

        private void grow() {
            int n = types.length * 2;
            types = Arrays.copyOf(types, n);
            data = Arrays.copyOf(data, n);
            base = Arrays.copyOf(base, n);
            rowBytes = Arrays.copyOf(rowBytes, n);
            rows = Arrays.copyOf(rows, n);
            cols = Arrays.copyOf(cols, n);
            interleaved = Arrays.copyOf(interleaved, n);
            xs = Arrays.copyOf(xs, n);
            outs = Arrays.copyOf(outs, n);
            outOffsets = Arrays.copyOf(outOffsets, n);
            manyXs = Arrays.copyOf(manyXs, n);
            manyOuts = Arrays.copyOf(manyOuts, n);
            counts = Arrays.copyOf(counts, n);
            startByte = Arrays.copyOf(startByte, n + 1);
        }

        /** The number of products added. */
        public int size() {
            return size;
        }

        /** Bytes of weights the products read (once, however many vectors a product has). */
        public long weightBytes() {
            return startByte[size];
        }

        /** Computes every product added, on all the pool's workers. */
        public void run() {
            if (size == 0) return;
            pool.run(this);
        }

        /** This worker's share: the rows whose first byte falls in its slice of all the products' bytes. */
        @Override
        public void run(int worker, int workers) {
            long total = startByte[size];
            long lo = WorkerPool.start(total, worker, workers), hi = WorkerPool.start(total, worker + 1, workers);
            for (int i = 0; i < size; i++) {
                long s = startByte[i], e = startByte[i + 1];
                if (e <= lo || s >= hi) continue;
                int unit = interleaved[i] ? Interleaved.ROWS : 1;
                int from = firstRowAtOrAfter(lo - s, rowBytes[i] * unit, rows[i] / unit) * unit;
                int to = firstRowAtOrAfter(hi - s, rowBytes[i] * unit, rows[i] / unit) * unit;
                if (from >= to) continue;
                if (interleaved[i]) {
                    if (manyXs[i] == null) Interleaved.rows(data[i], base[i], rowBytes[i], from, to, xs[i], cols[i], outs[i], outOffsets[i] + from);
                    else Interleaved.rows(data[i], base[i], rowBytes[i], from, to, manyXs[i], counts[i], cols[i], manyOuts[i], outOffsets[i] + from);
                    continue;
                }
                TensorKernel k = TensorKernel.of(types[i]);
                if (manyXs[i] == null) k.rows(data[i], base[i], rowBytes[i], from, to, xs[i], cols[i], outs[i], outOffsets[i] + from);
                else k.rows(data[i], base[i], rowBytes[i], from, to, manyXs[i], counts[i], cols[i], manyOuts[i], outOffsets[i] + from);
            }
        }

        private static int firstRowAtOrAfter(long byteOffset, long rowSize, int nRows) {
            if (byteOffset <= 0) return 0;
            long r = (byteOffset + rowSize - 1) / rowSize;
            return (int) Math.min(r, nRows);
        }
    }
}
