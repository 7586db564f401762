package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.parallel.WorkerPool;

/**
 * Q8_0 repacked with four rows interleaved ({@link Interleaved}): every row decodes to the same values, and every
 * product, with one vector or many, on any number of threads, equals bit for bit the row-major kernel's (so a repacked
 * model computes the logits of {@code --no-repack}), within the vector kernels' tolerance of the scalar reference.
 */
class InterleavedTest {
    static final int ROWS = 12;

    /** 7 blocks: the vector loops' tail of 3 blocks runs the scalar formula; 64 blocks: a real row. */
    static Stream<Arguments> shapes() {
        return Stream.of(7 * 32, 2048).flatMap(n -> Stream.of(1, 2, 3, 4, 7, 16).map(c -> Arguments.of(n, c)));
    }

    static MemorySegment repacked(Arena arena, MemorySegment plain, long offset, int rows, int cols) {
        long rowBytes = GgmlType.Q8_0.bytesFor(cols);
        MemorySegment packed = arena.allocate(rows * rowBytes);
        Interleaved.repack(plain, offset, packed, 0, rowBytes, 0, rows / Interleaved.ROWS);
        return packed;
    }

    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {7 * 32, 2048})
    void rowsDecodeToTheSameValues(int cols) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment plain = Naive.randomRows(arena, GgmlType.Q8_0, ROWS, cols, 5, cols);
            Matrix a = new Matrix(GgmlType.Q8_0, plain, 5, ROWS, cols);
            Matrix b = new Matrix(GgmlType.Q8_0, repacked(arena, plain, 5, ROWS, cols), 0, ROWS, cols, true);
            float[] x = new float[cols], y = new float[cols];
            for (int r = 0; r < ROWS; r++) {
                a.dequantizeRow(r, x, 0);
                b.dequantizeRow(r, y, 0);
                assertThat(y).as("row %d", r).isEqualTo(x);
            }
        }
    }

    @ParameterizedTest(name = "{0} columns, {1} vectors")
    @MethodSource("shapes")
    void everyVectorEqualsTheSingleVectorKernelAndTheScalarReference(int cols, int count) {
        TensorKernel k = TensorKernel.of(GgmlType.Q8_0);
        long rowBytes = GgmlType.Q8_0.bytesFor(cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment plain = Naive.randomRows(arena, GgmlType.Q8_0, ROWS, cols, 0, cols * 31L + count);
            MemorySegment packed = repacked(arena, plain, 0, ROWS, cols);
            Activation[] xs = MultiVectorTest.activations(GgmlType.Q8_0, cols, count, 40);
            float[][] outs = new float[count][ROWS + 4];
            Interleaved.rows(packed, 0, rowBytes, 0, ROWS, xs, count, cols, outs, 4);
            Matrix m = new Matrix(GgmlType.Q8_0, packed, 0, ROWS, cols, true);
            for (int j = 0; j < count; j++) {
                float[] single = new float[ROWS];
                Interleaved.rows(packed, 0, rowBytes, 0, ROWS, xs[j], cols, single, 0);
                double[] xe = Naive.effectiveActivation(GgmlType.Q8_0, xs[j]);
                for (int r = 0; r < ROWS; r++) {
                    // (a) bit for bit: the row-major kernel, the tiles, the single-vector kernel and Matrix.dot
                    assertThat(single[r]).as("one vector, vector %d row %d", j, r).isEqualTo(k.dot(plain, r * rowBytes, xs[j], cols));
                    assertThat(outs[j][4 + r]).as("%d vectors, vector %d row %d", count, j, r).isEqualTo(single[r]);
                    assertThat(m.dot(r, xs[j])).as("Matrix.dot row %d", r).isEqualTo(single[r]);
                    // (b) the scalar formula over the interleaved blocks is the row-major scalar reference, exactly
                    float scalar = k.dotScalar(plain, r * rowBytes, xs[j], cols);
                    assertThat(Q8_0Kernel.dotScalarBlocks(packed, Interleaved.rowOffset(0, rowBytes, r), Interleaved.blockStride(), xs[j].q80, xs[j].q80d,
                            0, cols / 32)).isEqualTo(scalar);
                    // (c) the vector kernels within DotTest's tolerance of it
                    double magnitude = 0;
                    for (int e = 0; e < cols; e++) magnitude += Math.abs((double) Naive.value(GgmlType.Q8_0, plain, r * rowBytes, e) * xe[e]);
                    assertThat((double) single[r]).as("vector %d row %d", j, r).isCloseTo(scalar, Offset.offset(2e-6 * Math.sqrt(cols) * magnitude + 1e-30));
                }
            }
        }
    }

    @Test
    void theKernelsGiveTheSameBitsBeforeAndAfterC2CompilesThem() {
        // The first calls run interpreted (the Vector API's Java fallbacks), later ones C2's intrinsics.
        int cols = 512, count = 5;
        long rowBytes = GgmlType.Q8_0.bytesFor(cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment packed = repacked(arena, Naive.randomRows(arena, GgmlType.Q8_0, 4, cols, 0, 23), 0, 4, cols);
            Activation[] xs = MultiVectorTest.activations(GgmlType.Q8_0, cols, count, 500);
            float[][] expected = new float[count][4], outs = new float[count][4];
            for (int j = 0; j < count; j++) Interleaved.rows(packed, 0, rowBytes, 0, 4, xs[j], cols, expected[j], 0);
            for (int i = 0; i < 40_000; i++) { // well past C2's compile threshold
                Interleaved.rows(packed, 0, rowBytes, 0, 4, xs, count, cols, outs, 0);
                for (int j = 0; j < count; j++) {
                    if (!java.util.Arrays.equals(outs[j], expected[j])) assertThat(outs[j]).as("call %d vector %d", i, j).isEqualTo(expected[j]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void workersSplitInWholeGroupsAndGiveTheSameResults(int threads) {
        int rows = 4 * 37, cols = 256;
        try (Arena arena = Arena.ofShared(); WorkerPool pool = new WorkerPool(threads)) {
            MemorySegment plain = Naive.randomRows(arena, GgmlType.Q8_0, rows, cols, 0, 9);
            Matrix a = new Matrix(GgmlType.Q8_0, plain, 0, rows, cols);
            Matrix b = new Matrix(GgmlType.Q8_0, repacked(arena, plain, 0, rows, cols), 0, rows, cols, true);
            Activation[] xs = MultiVectorTest.activations(GgmlType.Q8_0, cols, 3, 70);
            float[][] expected = new float[3][rows], actual = new float[3][rows];
            MatVec mv = new MatVec(pool);
            for (int j = 0; j < 3; j++) Interleaved.rows(b.data(), 0, b.rowBytes(), 0, rows, xs[j], cols, expected[j], 0); // one thread, alone
            mv.batch().add(b, xs, 3, actual, 0).run();
            assertThat(actual).isDeepEqualTo(expected);
            float[] one = new float[rows], plainResult = new float[rows];
            mv.matvec(b, xs[1], one, 0);
            assertThat(one).isEqualTo(expected[1]);
            mv.matvec(a, xs[1], plainResult, 0); // the row-major layout: the same bits
            assertThat(one).isEqualTo(plainResult);
            float[][] plainMany = new float[3][rows];
            mv.batch().add(a, xs, 3, plainMany, 0).run();
            assertThat(actual).isDeepEqualTo(plainMany);
        }
    }

    @Test
    void onlyQ8_0MatricesOfWholeGroupsAreInterleaved() {
        assertThat(Interleaved.supports(GgmlType.Q8_0, 8)).isTrue();
        assertThat(Interleaved.supports(GgmlType.Q8_0, 6)).isFalse();
        assertThat(Interleaved.supports(GgmlType.Q4_0, 8)).isFalse();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(GgmlType.Q8_0.bytesFor(64) * 6);
            assertThatThrownBy(() -> new Matrix(GgmlType.Q8_0, m, 0, 6, 64, true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 rows");
            Matrix ok = new Matrix(GgmlType.Q8_0, m, 0, 4, 64, true);
            assertThatThrownBy(() -> ok.rows(1, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole groups");
        }
    }
}
