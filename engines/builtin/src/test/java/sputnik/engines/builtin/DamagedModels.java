package sputnik.engines.builtin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.gguf.GgufTensorInfo;

/**
 * Copies of the reference models with part of one tensor overwritten by 0xFF bytes, as a damaged download or a bad
 * conversion leaves a file: all-ones bits are NaN as an F32 value, as an F16 value and as a Q8_0 block's scale.
 */
public final class DamagedModels {
    private DamagedModels() {}

    /**
     * A copy of the reference model {@code model} in {@code dir} whose tensor {@code tensor} has {@code length} bytes from
     * {@code from} (relative to the tensor's data) set to 0xFF; the original is left as it is.
     */
    public static Path withNaN(Path dir, String model, String tensor, long from, long length) throws IOException {
        Path copy = dir.resolve(model + "-" + tensor + "-" + from + "-damaged.gguf");
        Files.copy(SharedModels.model(model), copy);
        copy.toFile().setWritable(true);
        long at;
        try (GgufFile f = GgufFile.open(copy)) {
            GgufTensorInfo t = f.tensor(tensor);
            if (from < 0 || from + length > t.byteSize()) throw new IllegalArgumentException(tensor + " has " + t.byteSize() + " bytes");
            at = f.dataOffset() + t.offset() + from;
        }
        byte[] ones = new byte[Math.toIntExact(length)];
        Arrays.fill(ones, (byte) 0xFF);
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(ones), at);
        }
        return copy;
    }

    /** The whole tensor set to 0xFF. */
    public static Path withNaN(Path dir, String model, String tensor) throws IOException {
        long size;
        try (GgufFile f = GgufFile.open(SharedModels.model(model))) {
            size = f.tensor(tensor).byteSize();
        }
        return withNaN(dir, model, tensor, 0, size);
    }
}
