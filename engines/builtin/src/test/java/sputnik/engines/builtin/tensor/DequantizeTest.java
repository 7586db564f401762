package sputnik.engines.builtin.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sputnik.engines.builtin.gguf.GgmlType;

class DequantizeTest {
    static Stream<GgmlType> types() {
        return Stream.of(Naive.TYPES);
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyElementMatchesTheFormatDescription(GgmlType type) {
        int cols = 3 * 256, rows = 5;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = Naive.randomRows(arena, type, rows, cols, 3, 11);
            Matrix w = new Matrix(type, m, 3, rows, cols);
            float[] out = new float[cols + 2];
            for (int r = 0; r < rows; r++) {
                w.dequantizeRow(r, out, 1);
                for (int e = 0; e < cols; e++) {
                    assertThat(out[1 + e]).as("%s row %d element %d", type, r, e).isEqualTo(Naive.value(type, m, w.rowOffset(r), e));
                }
            }
        }
    }

    @Test
    void knownQ8_0Block() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(34);
            m.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 0, Float.floatToFloat16(0.5f));
            for (int j = 0; j < 32; j++) m.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 2 + j, (byte) (j - 16));
            float[] out = new float[32];
            new Matrix(GgmlType.Q8_0, m, 0, 1, 32).dequantizeRow(0, out, 0);
            assertThat(out[0]).isEqualTo(-8f);
            assertThat(out[16]).isEqualTo(0f);
            assertThat(out[31]).isEqualTo(7.5f);
        }
    }

    @Test
    void knownQ4_0Block() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(18);
            m.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 0, Float.floatToFloat16(2f));
            m.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 2, (byte) 0xF0); // value 0: nibble 0 -> -8; value 16: nibble 15 -> 7
            float[] out = new float[32];
            new Matrix(GgmlType.Q4_0, m, 0, 1, 32).dequantizeRow(0, out, 0);
            assertThat(out[0]).isEqualTo(-16f);
            assertThat(out[16]).isEqualTo(14f);
            assertThat(out[1]).isEqualTo(-16f);
        }
    }

    @Test
    void matricesCheckTheirBoundsAndShapes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(34 * 4);
            assertThat(new Matrix(GgmlType.Q8_0, m, 0, 4, 32).byteSize()).isEqualTo(136);
            assertThatThrownBy(() -> new Matrix(GgmlType.Q8_0, m, 2, 4, 32)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("does not fit");
            assertThatThrownBy(() -> new Matrix(GgmlType.Q8_0, m, 0, 1, 33)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple");
            assertThatThrownBy(() -> new Matrix(GgmlType.Q5_K, m, 0, 0, 256)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Q5_K");
            ExpertTensor t = new ExpertTensor(GgmlType.Q8_0, m, 0, 2, 2, 32);
            assertThat(t.expert(1).offset()).isEqualTo(68);
            assertThatThrownBy(() -> t.expert(2)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void rowsPastFourGigabytesOfAMappedFileAreRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // A sparse 5 GiB file with two real Q8_0 rows near its end: the offsets are longs throughout.
        java.nio.file.Path file = dir.resolve("big.bin");
        int cols = 64;
        long rowBytes = GgmlType.Q8_0.bytesFor(cols), offset = (5L << 30) - 3 * rowBytes;
        try (Arena arena = Arena.ofShared()) { // the pool's workers read it: a confined arena would refuse them
            MemorySegment rows = Naive.randomRows(arena, GgmlType.Q8_0, 2, cols, 0, 5);
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.SPARSE)) {
                ch.write(rows.asSlice(0, 2 * rowBytes).asByteBuffer(), offset);
                ch.truncate(5L << 30);
                if (ch.size() != 5L << 30) ch.write(java.nio.ByteBuffer.allocate(1), (5L << 30) - 1);
            }
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
                MemorySegment mapped = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
                Matrix far = new Matrix(GgmlType.Q8_0, mapped, offset, 2, cols);
                Matrix near = new Matrix(GgmlType.Q8_0, rows, 0, 2, cols);
                Activation x = Activation.of(Naive.activations(cols, 1));
                float[] a = new float[2], b = new float[2];
                try (var pool = new sputnik.engines.builtin.parallel.WorkerPool(2)) {
                    new MatVec(pool).matvec(far, x, a, 0);
                    new MatVec(pool).matvec(near, x, b, 0);
                }
                assertThat(a).containsExactly(b);
                assertThat(far.rowOffset(1)).isGreaterThan(4L << 30);
            }
        }
    }
}
