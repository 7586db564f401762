package sputnik.engines.builtin.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.builtin.SharedModels;

/** Written files read back as written: every value type, nested arrays, tensors, alignment, files past 4 GB. */
class GgufWriterTest {
    @TempDir
    Path tmp;

    @Test
    void everyValueTypeRoundTrips() throws IOException {
        GgufWriter w = new GgufWriter()
                .put("u8", GgufValue.ofUInt8(255))
                .put("i8", GgufValue.ofInt8(-128))
                .put("u16", GgufValue.ofUInt16(65535))
                .put("i16", GgufValue.ofInt16(-32768))
                .putUInt32("u32", 0xFFFF_FFFFL)
                .putInt32("i32", Integer.MIN_VALUE)
                .putUInt64("u64", -1L)
                .put("i64", GgufValue.ofInt64(Long.MIN_VALUE))
                .putFloat32("f32", 1.5e-6f)
                .putFloat64("f64", Math.PI)
                .putBool("yes", true)
                .putBool("no", false)
                .putString("s", "héllo ▁ 🦙 <｜User｜>")
                .putString("empty", "")
                .putStrings("strings", List.of("a", "", "ĠĠ", "é"))
                .putInt32s("ints", new int[] {1, -2, 3})
                .put("uints", GgufValue.ofUInt32s(new int[] {-1, 0}))
                .putFloat32s("floats", new float[] {0.5f, -0f, Float.NaN})
                .put("bytes", GgufValue.ofArray(GgufValueType.UINT8, new byte[] {(byte) 200, 1}))
                .put("shorts", GgufValue.ofArray(GgufValueType.INT16, new short[] {-5, 5}))
                .put("longs", GgufValue.ofArray(GgufValueType.UINT64, new long[] {-1L, 42}))
                .put("doubles", GgufValue.ofArray(GgufValueType.FLOAT64, new double[] {1e300}))
                .put("bools", GgufValue.ofArray(GgufValueType.BOOL, new boolean[] {true, false, true}))
                .put("noint", GgufValue.ofInt32s(new int[0]))
                .put("nested", GgufValue.ofArrays(List.of(GgufValue.ofInt32s(new int[] {1, 2}), GgufValue.ofStrings(List.of("x")),
                        GgufValue.ofArrays(List.of(GgufValue.ofFloat32s(new float[] {3f}))))));
        Path p = tmp.resolve("values.gguf");
        w.write(p);
        assertThat(Files.size(p)).isEqualTo(w.fileSize());
        try (GgufFile f = GgufFile.open(p)) {
            GgufMetadata m = f.metadata();
            assertThat(m.keys()).containsExactly("u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64", "yes", "no", "s", "empty",
                    "strings", "ints", "uints", "floats", "bytes", "shorts", "longs", "doubles", "bools", "noint", "nested");
            assertThat(m.getInt("u8")).isEqualTo(255);
            assertThat(m.getInt("i8")).isEqualTo(-128);
            assertThat(m.getInt("u16")).isEqualTo(65535);
            assertThat(m.getInt("i16")).isEqualTo(-32768);
            assertThat(m.getLong("u32")).isEqualTo(0xFFFF_FFFFL);
            assertThatThrownBy(() -> m.getInt("u32")).hasMessageContaining("out of the int range");
            assertThat(m.getInt("i32")).isEqualTo(Integer.MIN_VALUE);
            assertThat(m.get("u64").asUnsignedLong()).isEqualTo(-1L);
            assertThatThrownBy(() -> m.getLong("u64")).hasMessageContaining("18446744073709551615, too large");
            assertThat(m.getLong("i64")).isEqualTo(Long.MIN_VALUE);
            assertThat(m.getFloat("f32")).isEqualTo(1.5e-6f);
            assertThat(m.getDouble("f64")).isEqualTo(Math.PI);
            assertThat(m.getBool("yes")).isTrue();
            assertThat(m.getBool("no")).isFalse();
            assertThat(m.getString("s")).isEqualTo("héllo ▁ 🦙 <｜User｜>");
            assertThat(m.getString("empty")).isEmpty();
            assertThat(m.getStringList("strings")).containsExactly("a", "", "ĠĠ", "é");
            assertThat(m.getIntArray("ints")).containsExactly(1, -2, 3);
            assertThat(m.getLongArray("uints")).containsExactly(0xFFFF_FFFFL, 0);
            assertThat(m.getFloatArray("floats")).containsExactly(0.5f, -0f, Float.NaN);
            assertThat(m.getIntArray("bytes")).containsExactly(200, 1);
            assertThat(m.getIntArray("shorts")).containsExactly(-5, 5);
            assertThat(m.getLongArray("longs")).containsExactly(-1L, 42);
            assertThat(m.getFloatArray("doubles")).containsExactly(Float.POSITIVE_INFINITY);
            assertThat((boolean[]) m.get("bools").raw()).containsExactly(true, false, true);
            assertThat(m.arrayLength("noint")).isZero();
            List<GgufValue> nested = m.get("nested").asArrays();
            assertThat(nested).hasSize(3);
            assertThat(nested.get(0).asInts()).containsExactly(1, 2);
            assertThat(nested.get(1).asStrings()).containsExactly("x");
            assertThat(nested.get(2).asArrays().get(0).asFloats()).containsExactly(3f);
            assertThat(m.get("nested").typeName()).isEqualTo("ARRAY of ARRAY");
            // and value for value, the whole map equals what was written (NaN included)
            assertThat(m.asMap()).isEqualTo(w.metadata());
            assertThat(f.tensors()).isEmpty();
        }
    }

    @Test
    void tensorsRoundTripAligned() throws IOException {
        float[] values = {1f, -2f, 3.5f, 0f, 5f, 6f};
        Path p = tmp.resolve("tensors.gguf");
        new GgufWriter().putString("general.architecture", "test").putUInt32("general.alignment", 64)
                .addTensor("a", new long[] {3, 2}, values)
                .addTensor("q", GgmlType.Q8_0, new long[] {64, 3, 2}, dst -> {
                    for (long i = 0; i < dst.byteSize(); i++) dst.set(ValueLayout.JAVA_BYTE, i, (byte) i);
                })
                .addTensor("e", GgmlType.F16, new long[] {0}, dst -> {})
                .write(p);
        try (GgufFile f = GgufFile.open(p)) {
            assertThat(f.alignment()).isEqualTo(64);
            assertThat(f.tensors()).extracting(GgufTensorInfo::name).containsExactly("a", "q", "e");
            GgufTensorInfo a = f.tensor("a");
            assertThat(a.shape()).containsExactly(3, 2);
            assertThat(f.tensorData(a).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN))).containsExactly(values);
            GgufTensorInfo q = f.tensor("q");
            assertThat(q.offset() % 64).isZero();
            assertThat(q.byteSize()).isEqualTo(6 * 2 * 34);
            assertThat(q.dims()).isEqualTo(3);
            assertThat(q.dim(3)).isEqualTo(1);
            assertThat(f.tensorData(q).get(ValueLayout.JAVA_BYTE, 100)).isEqualTo((byte) 100);
            assertThat(f.tensor("e").byteSize()).isZero();
        }
    }

    @Test
    void copiesARealTokenizerAndKeepsIt() throws IOException {
        Path p = tmp.resolve("vocab-copy.gguf");
        try (GgufFile src = GgufFile.open(SharedModels.file("vocab/ggml-vocab-qwen2-rebuilt.gguf"))) {
            new GgufWriter().putAll(src.metadata()).write(p);
            try (GgufFile copy = GgufFile.open(p)) {
                assertThat(copy.metadata().asMap()).isEqualTo(src.metadata().asMap());
            }
        }
    }

    @Test
    void filesBeyondFourGigabytesAreWrittenAndMapped() throws IOException {
        // 160 M rows of 32 Q8_0 values: 5.4 GB, all but two bytes left unwritten (a sparse file)
        long rows = 160L * 1024 * 1024;
        Path p = tmp.resolve("big.gguf");
        new GgufWriter().putString("general.architecture", "big")
                .addTensor("small", GgmlType.F32, new long[] {4}, dst -> dst.set(ValueLayout.JAVA_BYTE, 0, (byte) 7))
                .addTensor("huge", GgmlType.Q8_0, new long[] {32, rows}, dst -> dst.set(ValueLayout.JAVA_BYTE, dst.byteSize() - 1, (byte) 42))
                .write(p);
        try (GgufFile f = GgufFile.open(p)) {
            GgufTensorInfo huge = f.tensor("huge");
            assertThat(huge.byteSize()).isEqualTo(rows * 34).isGreaterThan(4L << 30);
            assertThat(f.fileSize()).isGreaterThan(4L << 30);
            assertThat(f.tensorData(huge).get(ValueLayout.JAVA_BYTE, huge.byteSize() - 1)).isEqualTo((byte) 42);
            assertThat(f.tensorData("small").get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 7);
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void writerRefusesWhatGgufCannotHold() {
        GgufWriter w = new GgufWriter();
        assertThatThrownBy(() -> w.addTensor("x", GgmlType.Q8_0, new long[] {33}, dst -> {})).hasMessageContaining("not whole Q8_0 blocks");
        assertThatThrownBy(() -> w.addTensor("x", GgmlType.F32, new long[] {1, 1, 1, 1, 1}, dst -> {})).hasMessageContaining("1 to 4 dimensions");
        w.addTensor("x", GgmlType.F32, new long[] {1}, dst -> {});
        assertThatThrownBy(() -> w.addTensor("x", GgmlType.F32, new long[] {1}, dst -> {})).hasMessageContaining("added twice");
        assertThatThrownBy(() -> w.putUInt32("general.alignment", 48)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> GgufValue.ofUInt8(256)).hasMessageContaining("does not fit UINT8");
    }
}
