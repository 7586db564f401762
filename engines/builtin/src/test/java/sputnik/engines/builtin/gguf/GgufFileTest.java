package sputnik.engines.builtin.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.engines.builtin.SharedModels;

/** The reader on the real reference models, and on deliberately broken copies of them. */
class GgufFileTest {
    @TempDir
    Path tmp;

    @Test
    void readsARealQ8Model() throws IOException {
        Path p = SharedModels.model("tiny-qwen2-q8_0");
        try (GgufFile f = GgufFile.open(p)) {
            assertThat(f.version()).isEqualTo(3);
            assertThat(f.alignment()).isEqualTo(32);
            assertThat(f.dataOffset() % 32).isZero();
            GgufMetadata m = f.metadata();
            assertThat(m.getString("general.architecture")).isEqualTo("qwen2");
            assertThat(m.getInt("qwen2.block_count")).isEqualTo(2);
            assertThat(m.get("qwen2.block_count").type()).isEqualTo(GgufValueType.UINT32);
            assertThat(m.getFloat("qwen2.rope.freq_base")).isEqualTo(10000f);
            assertThat(m.getDouble("qwen2.attention.layer_norm_rms_epsilon")).isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(m.getBool("tokenizer.ggml.add_bos_token")).isTrue();
            assertThat(m.getStringList("tokenizer.ggml.tokens")).hasSize(151936).startsWith("!", "\"", "#");
            assertThat(m.getIntArray("tokenizer.ggml.token_type")).hasSize(151936);
            assertThat(m.get("tokenizer.ggml.token_type").typeName()).isEqualTo("ARRAY of INT32");
            assertThat(m.getInt("missing.key", 7)).isEqualTo(7);

            assertThat(f.tensors()).hasSize(27);
            GgufTensorInfo emb = f.tensor("token_embd.weight");
            assertThat(emb.type()).isEqualTo(GgmlType.Q8_0);
            assertThat(emb.shape()).containsExactly(64, 151936);
            assertThat(emb.rows()).isEqualTo(151936);
            assertThat(emb.rowBytes()).isEqualTo(2 * 34);
            assertThat(emb.byteSize()).isEqualTo(151936L * 2 * 34);
            assertThat(f.tensor("output_norm.weight").type()).isEqualTo(GgmlType.F32);
            assertThat(f.findTensor("blk.9.attn_q.weight")).isEmpty();
            assertThatThrownBy(() -> f.tensor("blk.9.attn_q.weight")).isInstanceOf(GgufException.class)
                    .hasMessage(p + ": tensor 'blk.9.attn_q.weight' is missing");

            // every slice holds exactly the bytes at data offset + offset, read here another way
            try (FileChannel ch = FileChannel.open(p)) {
                for (GgufTensorInfo t : f.tensors()) {
                    MemorySegment s = f.tensorData(t);
                    assertThat(s.byteSize()).isEqualTo(t.byteSize());
                    ByteBuffer b = ByteBuffer.allocate((int) Math.min(256, t.byteSize()));
                    ch.read(b, f.dataOffset() + t.offset());
                    assertThat(s.asSlice(0, b.capacity()).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(b.array());
                }
            }
            float norm0 = f.tensorData("output_norm.weight").get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            assertThat(Float.isFinite(norm0)).isTrue();
        }
    }

    @Test
    void readsEveryReferenceModel() throws IOException {
        for (String name : SharedModels.MODELS) {
            try (GgufFile f = GgufFile.open(SharedModels.model(name))) {
                long end = 0;
                for (GgufTensorInfo t : f.tensors()) end = Math.max(end, f.dataOffset() + t.offset() + t.byteSize());
                assertThat(end).as(name).isLessThanOrEqualTo(f.fileSize()).isGreaterThan(f.fileSize() - 64);
                assertThat(f.metadata().getString("tokenizer.ggml.model")).isEqualTo("gpt2");
            }
        }
    }

    @Test
    void missingAndMistypedKeysAreNamed() throws IOException {
        Path p = SharedModels.model("tiny-qwen3moe-q8_0");
        try (GgufFile f = GgufFile.open(p)) {
            GgufMetadata m = f.metadata();
            assertThatThrownBy(() -> m.getInt("qwen3moe.nonexistent")).isInstanceOf(GgufException.class)
                    .hasMessage(p + ": metadata key 'qwen3moe.nonexistent' is missing");
            assertThatThrownBy(() -> m.getString("qwen3moe.block_count")).isInstanceOf(GgufException.class)
                    .hasMessage(p + ": metadata key 'qwen3moe.block_count' is a UINT32, expected a STRING");
            assertThatThrownBy(() -> m.getStringList("tokenizer.ggml.token_type")).hasMessageEndingWith("is an ARRAY of INT32, expected an ARRAY of STRING");
            assertThatThrownBy(() -> m.getBool("general.architecture")).hasMessageEndingWith("is a STRING, expected a BOOL");
        }
    }

    @Test
    void closedFileSegmentsAreInvalid() throws IOException {
        GgufFile f = GgufFile.open(SharedModels.model("tiny-deepseek2-yarn-q8_0"));
        MemorySegment s = f.tensorData(f.tensors().get(0));
        f.close();
        f.close();
        assertThatThrownBy(() -> s.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    // ---- broken files -------------------------------------------------------------------------

    private Path truncatedCopy(Path src, long bytes) throws IOException {
        Path out = tmp.resolve(src.getFileName() + "." + bytes);
        try (FileChannel in = FileChannel.open(src); FileChannel o = FileChannel.open(out, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            in.transferTo(0, bytes, o);
        }
        return out;
    }

    private Path patchedCopy(Path src, long bytes, long at, byte[] patch) throws IOException {
        Path out = truncatedCopy(src, bytes);
        try (FileChannel o = FileChannel.open(out, java.nio.file.StandardOpenOption.WRITE)) {
            o.write(ByteBuffer.wrap(patch), at);
        }
        return out;
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static String openError(Path p) {
        try (GgufFile f = GgufFile.open(p)) {
            throw new AssertionError("opened " + f);
        } catch (GgufException e) {
            assertThat(e.getMessage()).startsWith(p.toString() + ": ").doesNotContain("\n");
            return e.getMessage().substring(p.toString().length() + 2);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void truncatedCopiesOfARealModelAreReportedWhereTheyEnd() throws IOException {
        Path src = SharedModels.model("tiny-deepseek2-yarn-q8_0");
        long size = Files.size(src), data;
        try (GgufFile f = GgufFile.open(src)) {
            data = f.dataOffset();
        }
        assertThat(openError(truncatedCopy(src, 0))).isEqualTo("not a GGUF file: 0 bytes, too short to hold the magic 'GGUF'");
        assertThat(openError(truncatedCopy(src, 6))).isEqualTo("truncated file: the version needs 4 bytes at offset 4, but the file has 6 bytes");
        assertThat(openError(truncatedCopy(src, 12))).isEqualTo("truncated file: the tensor count needs 8 bytes at offset 8, but the file has 12 bytes");
        assertThat(openError(truncatedCopy(src, 20))).isEqualTo("truncated or corrupt file: the tensor count is 52, more than the 4 bytes left can hold");
        assertThat(openError(truncatedCopy(src, 1000))).isEqualTo("truncated or corrupt file: the tensor count is 52, more than the 984 bytes left can hold");
        assertThat(openError(truncatedCopy(src, 100_000)))
                .matches("truncated or corrupt file: the length of array key 'tokenizer.ggml.tokens' is 102400, more than the \\d+ bytes left can hold");
        assertThat(openError(truncatedCopy(src, 3_000_000))).isEqualTo("truncated file: element 48886 of array key 'tokenizer.ggml.merges'"
                + " (a string of 19 bytes) needs 19 bytes at offset 2999984, but the file has 3000000 bytes");
        assertThat(openError(truncatedCopy(src, data - 40))).startsWith("truncated file: ").contains("tensor");
        assertThat(openError(truncatedCopy(src, size - 1000)))
                .matches("tensor '.*' \\(.*\\) ends at byte " + size + ", past the end of the file \\(" + (size - 1000) + " bytes\\): the file is truncated or corrupt");
    }

    @Test
    void badMagicAndVersions() throws IOException {
        Path src = SharedModels.model("tiny-deepseek2-yarn-q8_0");
        assertThat(openError(patchedCopy(src, 4096, 0, "GGML".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("not a GGUF file: it starts with bytes 47 47 4d 4c, not the magic 'GGUF'");
        assertThat(openError(patchedCopy(src, 4096, 4, le32(1)))).startsWith("GGUF version 1 is not supported (only versions 2 and 3)");
        assertThat(openError(patchedCopy(src, 4096, 4, le32(4)))).isEqualTo("unsupported GGUF version 4 (only versions 2 and 3)");
        assertThat(openError(patchedCopy(src, 4096, 4, new byte[] {0, 0, 0, 3})))
                .isEqualTo("a big-endian GGUF file (version 3); only little-endian files are supported");
    }

    @Test
    void version2IsRead() throws IOException {
        Path src = SharedModels.model("tiny-deepseek2-yarn-q8_0");
        Path v2 = patchedCopy(src, Files.size(src), 4, le32(2));
        try (GgufFile f = GgufFile.open(v2)) {
            assertThat(f.version()).isEqualTo(2);
            assertThat(f.tensors()).hasSize(GgufFile.open(src).tensors().size());
        }
    }

    @Test
    void missingFileIsAnIoError() {
        assertThatThrownBy(() -> GgufFile.open(tmp.resolve("nope.gguf"))).isInstanceOf(NoSuchFileException.class);
    }

    /** A one-tensor file with no metadata: tensor info at 24 (name "t"), dims at 37, type at 45, offset at 49. */
    private Path oneTensor(GgmlType type, long[] shape) throws IOException {
        Path p = tmp.resolve("one-" + type + "-" + Arrays.toString(shape).hashCode() + ".gguf");
        new GgufWriter().addTensor("t", type, shape, dst -> dst.fill((byte) 1)).write(p);
        return p;
    }

    @Test
    void tensorProblemsAreNamed() throws IOException {
        Path ok = oneTensor(GgmlType.Q8_0, new long[] {64});
        long size = Files.size(ok);
        try (GgufFile f = GgufFile.open(ok)) {
            assertThat(f.tensor("t").byteSize()).isEqualTo(2 * 34);
            assertThat(f.dataOffset()).isEqualTo(64);
        }
        assertThat(openError(patchedCopy(ok, size, 45, le32(99)))).isEqualTo("tensor 't' has unknown GGML type id 99");
        assertThat(openError(patchedCopy(ok, size, 45, le32(GgmlType.Q5_K.id())))).as("a known type is read; the engine decides")
                .startsWith("tensor 't' of type Q5_K has rows of 64 values, not a multiple of its block size 256");
        assertThat(openError(patchedCopy(ok, size, 49, le64(7)))).isEqualTo("tensor 't' has data offset 7, not a multiple of the alignment 32");
        assertThat(openError(patchedCopy(ok, size, 49, le64(1L << 40)))).startsWith("tensor 't' (Q8_0 [64], 68 bytes at data offset 1099511627776) ends at byte");
        assertThat(openError(patchedCopy(ok, size, 37, le64(33)))).isEqualTo("tensor 't' of type Q8_0 has rows of 33 values, not a multiple of its block size 32");
        assertThat(openError(patchedCopy(ok, size, 33, le32(5)))).isEqualTo("tensor 't' has 5 dimensions; GGML allows 1 to 4");
        assertThat(openError(patchedCopy(ok, size, 8, le64(1L << 40)))).startsWith("truncated or corrupt file: the tensor count is 1099511627776");
    }

    @Test
    void overlapsDuplicatesAndUnknownValueTypes() throws IOException {
        Path two = tmp.resolve("two.gguf");
        new GgufWriter().putUInt32("aa", 1).putUInt32("bb", 2)
                .addTensor("x", GgmlType.F32, new long[] {8}, dst -> {})
                .addTensor("y", GgmlType.F32, new long[] {8}, dst -> {}).write(two);
        byte[] b = Files.readAllBytes(two);
        int bb = indexOf(b, "bb".getBytes(StandardCharsets.US_ASCII));
        int y = indexOf(b, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 'y'}) + 8; // name length 1, then "y"
        long size = b.length;
        assertThat(openError(patchedCopy(two, size, bb, "aa".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("metadata key 'aa' appears twice");
        assertThat(openError(patchedCopy(two, size, y, "x".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("tensor 'x' appears twice");
        // y's offset field: name(9) + ndims(4) + dim(8) + type(4)
        assertThat(openError(patchedCopy(two, size, y + 1 + 4 + 8 + 4, le64(0)))).startsWith("tensors 'x' and 'y' overlap");
        assertThat(openError(patchedCopy(two, size, bb + 2, le32(13)))).isEqualTo("metadata key 'bb' has unknown value type id 13");
    }

    @Test
    void alignmentMustBeAPowerOfTwo() throws IOException {
        Path p = tmp.resolve("align.gguf");
        new GgufWriter().putUInt32("general.alignment", 64).addTensor("t", GgmlType.F32, new long[] {3}, dst -> {}).write(p);
        try (GgufFile f = GgufFile.open(p)) {
            assertThat(f.alignment()).isEqualTo(64);
            assertThat(f.dataOffset() % 64).isZero();
        }
        byte[] b = Files.readAllBytes(p);
        int at = indexOf(b, "general.alignment".getBytes(StandardCharsets.US_ASCII)) + "general.alignment".length() + 4;
        assertThat(openError(patchedCopy(p, b.length, at, le32(48)))).isEqualTo("general.alignment is 48, not a power of two");
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
