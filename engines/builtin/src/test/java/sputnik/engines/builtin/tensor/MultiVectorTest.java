package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.parallel.WorkerPool;

/**
 * A matrix times several activation vectors at once ({@link TensorKernel#rows(MemorySegment, long, long, int, int,
 * Activation[], int, int, float[][], int)}): every vector's results must equal, bit for bit, the single-vector kernel's
 * for that vector alone, whatever shares the batch, on the vector and the scalar path.
 */
class MultiVectorTest {
    static final int[] COUNTS = {1, 2, 3, 4, 7, 16};
    static final int ROWS = 5;

    /** Row lengths per type: one with a tail the vector loops leave to their remainder code, and a real one. */
    static List<Integer> lengths(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16 -> List.of(100, 257);
            case Q8_0, Q4_0 -> List.of(7 * 32, 2048);
            default -> List.of(3 * 256);
        };
    }

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (GgmlType t : Naive.TYPES) {
            for (int n : lengths(t)) {
                for (int count : COUNTS) out.add(Arguments.of(t, n, count));
            }
        }
        return out.stream();
    }

    static Activation[] activations(GgmlType type, int cols, int count, long seed) {
        Activation[] xs = new Activation[count];
        for (int j = 0; j < count; j++) {
            xs[j] = Activation.of(Naive.activations(cols, seed + j));
            xs[j].prepare(type);
        }
        return xs;
    }

    @ParameterizedTest(name = "{0} x {1}, {2} vectors")
    @MethodSource("shapes")
    void eachVectorEqualsTheSingleVectorKernelAndTheScalarReference(GgmlType type, int cols, int count) {
        TensorKernel k = TensorKernel.of(type);
        long rowBytes = type.bytesFor(cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = Naive.randomRows(arena, type, ROWS, cols, 3, cols * 17L + type.ordinal());
            Activation[] xs = activations(type, cols, count, 100);
            float[][] vector = new float[count][ROWS + 1], scalar = new float[count][ROWS + 1];
            k.rowsVector(m, 3, rowBytes, 0, ROWS, xs, count, cols, vector, 1);
            k.rowsScalar(m, 3, rowBytes, 0, ROWS, xs, count, cols, scalar, 1);
            for (int j = 0; j < count; j++) {
                double[] xe = Naive.effectiveActivation(type, xs[j]);
                for (int r = 0; r < ROWS; r++) {
                    long row = 3 + r * rowBytes;
                    // (a) bit for bit the single-vector kernels
                    assertThat(vector[j][1 + r]).as("%s vector %d row %d", type, j, r).isEqualTo(k.dotVector(m, row, xs[j], cols));
                    assertThat(scalar[j][1 + r]).as("%s scalar %d row %d", type, j, r).isEqualTo(k.dotScalar(m, row, xs[j], cols));
                    // (b) the vector path within DotTest's tolerance of the scalar reference
                    double magnitude = 0;
                    for (int e = 0; e < cols; e++) magnitude += Math.abs((double) Naive.value(type, m, row, e) * xe[e]);
                    double tolerance = 2e-6 * Math.sqrt(cols) * magnitude + 1e-30;
                    assertThat((double) vector[j][1 + r]).as("%s vector %d row %d", type, j, r).isCloseTo(scalar[j][1 + r], Offset.offset(tolerance));
                }
                assertThat(vector[j][0]).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void aVectorsResultsDoNotDependOnTheOtherVectors(GgmlType type) {
        TensorKernel k = TensorKernel.of(type);
        int cols = lengths(type).getFirst(), count = 7;
        long rowBytes = type.bytesFor(cols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = Naive.randomRows(arena, type, ROWS, cols, 0, 11);
            Activation[] xs = activations(type, cols, count, 200), others = activations(type, cols, count, 300);
            float[][] first = new float[count][ROWS], second = new float[count][ROWS];
            k.rowsVector(m, 0, rowBytes, 0, ROWS, xs, count, cols, first, 0);
            for (int j = 0; j < count; j++) {
                // vector j at every position of the tiles, among other vectors
                Activation[] mixed = others.clone();
                mixed[(j + 3) % count] = xs[j];
                k.rowsVector(m, 0, rowBytes, 0, ROWS, mixed, count, cols, second, 0);
                assertThat(second[(j + 3) % count]).as("%s vector %d", type, j).isEqualTo(first[j]);
                for (int b = 1; b <= count; b++) { // and in a smaller batch
                    Activation[] fewer = java.util.Arrays.copyOf(others, b);
                    fewer[b - 1] = xs[j];
                    k.rowsVector(m, 0, rowBytes, 0, ROWS, fewer, b, cols, second, 0);
                    assertThat(second[b - 1]).as("%s vector %d last of %d", type, j, b).isEqualTo(first[j]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void tilesGiveTheSameBitsBeforeAndAfterC2CompilesThem(GgmlType type) {
        // The first call runs interpreted (the Vector API's Java fallbacks), later ones C2's intrinsics: every tile must
        // still equal the single-vector kernel's first, interpreted, result (see DeterminismTest).
        TensorKernel k = TensorKernel.of(type);
        int cols = 512, count = 7;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = Naive.randomRows(arena, type, 1, cols, 0, 23);
            Activation[] xs = activations(type, cols, count, 500);
            float[] expected = new float[count];
            for (int j = 0; j < count; j++) expected[j] = k.dotVector(m, 0, xs[j], cols);
            float[][] outs = new float[count][1];
            for (int i = 0; i < 40_000; i++) { // well past C2's compile threshold
                k.rowsVector(m, 0, type.bytesFor(cols), 0, 1, xs, count, cols, outs, 0);
                for (int j = 0; j < count; j++) {
                    if (Float.floatToRawIntBits(outs[j][0]) != Float.floatToRawIntBits(expected[j])) {
                        assertThat(outs[j][0]).as("call %d vector %d", i, j).isEqualTo(expected[j]);
                    }
                }
            }
        }
    }

    static Stream<GgmlType> types() {
        return Stream.of(Naive.TYPES);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void throughMatVecEveryVectorEqualsItsOwnProduct(int threads) {
        try (Arena arena = Arena.ofShared(); WorkerPool pool = new WorkerPool(threads)) {
            MatVec mv = new MatVec(pool);
            for (GgmlType type : Naive.TYPES) {
                int rows = 37, cols = lengths(type).getLast();
                Matrix w = new Matrix(type, Naive.randomRows(arena, type, rows, cols, 0, 5 + type.ordinal()), 0, rows, cols);
                for (int count : COUNTS) {
                    Activation[] xs = activations(type, cols, count, 400);
                    float[][] outs = new float[count][rows + 2];
                    mv.batch().add(w, xs, count, outs, 2).run();
                    for (int j = 0; j < count; j++) {
                        float[] single = new float[rows];
                        mv.matvec(w, xs[j], single, 0);
                        for (int r = 0; r < rows; r++) assertThat(outs[j][2 + r]).as("%s %d vectors: %d row %d", type, count, j, r).isEqualTo(single[r]);
                    }
                }
            }
        }
    }
}
