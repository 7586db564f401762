package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.parallel.WorkerPool;

class MatVecTest {
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 5})
    void parallelRowsEqualTheSequentialKernelForEveryType(int threads) {
        try (Arena arena = Arena.ofShared(); WorkerPool pool = new WorkerPool(threads)) {
            MatVec mv = new MatVec(pool);
            for (GgmlType type : Naive.TYPES) {
                int rows = 37, cols = 512; // odd row count: uneven shares
                MemorySegment m = Naive.randomRows(arena, type, rows, cols, 64, type.ordinal());
                Matrix w = new Matrix(type, m, 64, rows, cols);
                Activation x = Activation.of(Naive.activations(cols, 2));
                float[] out = new float[rows + 3];
                mv.matvec(w, x, out, 2);
                for (int r = 0; r < rows; r++) assertThat(out[2 + r]).as("%s row %d", type, r).isEqualTo(w.dot(r, x));
                assertThat(out[0]).isZero();
                assertThat(out[rows + 2]).isZero();
            }
        }
    }

    @Test
    void aBatchMixesTypesRowRangesAndSelectedExperts() {
        try (Arena arena = Arena.ofShared(); WorkerPool pool = new WorkerPool(3)) {
            MatVec mv = new MatVec(pool);
            int cols = 256;
            Matrix a = new Matrix(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, 10, cols, 0, 1), 0, 10, cols);
            Matrix b = new Matrix(GgmlType.Q6_K, Naive.randomRows(arena, GgmlType.Q6_K, 9, cols, 0, 2), 0, 9, cols);
            ExpertTensor experts = new ExpertTensor(GgmlType.Q4_K, Naive.randomRows(arena, GgmlType.Q4_K, 8 * 6, cols, 0, 3), 0, 8, 6, cols);
            Activation x = Activation.of(Naive.activations(cols, 5));
            Activation y = Activation.of(Naive.activations(cols, 6));
            float[] outA = new float[10], outB = new float[4], outE = new float[12];
            for (int round = 0; round < 20; round++) { // reused batches
                MatVec.Batch batch = mv.batch().add(a, x, outA, 0).addRows(b, 3, 4, y, outB, 0).add(experts, 5, x, outE, 0).add(experts, 2, y, outE, 6);
                assertThat(batch.size()).isEqualTo(4);
                assertThat(batch.weightBytes()).isEqualTo(a.byteSize() + 4 * b.rowBytes() + 2 * experts.expertBytes());
                batch.run();
            }
            for (int r = 0; r < 10; r++) assertThat(outA[r]).isEqualTo(a.dot(r, x));
            for (int r = 0; r < 4; r++) assertThat(outB[r]).isEqualTo(b.dot(3 + r, y));
            for (int r = 0; r < 6; r++) {
                assertThat(outE[r]).isEqualTo(experts.expert(5).dot(r, x));
                assertThat(outE[6 + r]).isEqualTo(experts.expert(2).dot(r, y));
            }
        }
    }

    @Test
    void mismatchedShapesAreRefused() {
        try (Arena arena = Arena.ofShared(); WorkerPool pool = new WorkerPool(1)) {
            Matrix a = new Matrix(GgmlType.Q8_0, Naive.randomRows(arena, GgmlType.Q8_0, 4, 64, 0, 1), 0, 4, 64);
            MatVec mv = new MatVec(pool);
            assertThatThrownBy(() -> mv.matvec(a, Activation.of(new float[32]), new float[4], 0)).hasMessageContaining("64 columns");
            assertThatThrownBy(() -> mv.matvec(a, Activation.of(new float[64]), new float[3], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
