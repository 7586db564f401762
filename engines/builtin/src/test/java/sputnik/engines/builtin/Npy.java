package sputnik.engines.builtin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the reference .npy files: NumPy format version 1, little-endian float32, C order. */
public record Npy(int[] shape, float[] data) {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    public static Npy read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < 10 || b[0] != (byte) 0x93 || b[1] != 'N' || b[6] != 1) throw new IOException(file + ": not a version 1 .npy file");
        int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) throw new IOException(file + ": not little-endian float32 in C order: " + header);
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) throw new IOException(file + ": no shape in " + header);
        String[] dims = m.group(1).split(",");
        int n = 0;
        int[] shape = new int[dims.length];
        for (String d : dims) if (!d.isBlank()) shape[n++] = Integer.parseInt(d.trim());
        shape = java.util.Arrays.copyOf(shape, n);
        int offset = 10 + headerLen;
        float[] data = new float[(b.length - offset) / 4];
        ByteBuffer.wrap(b, offset, b.length - offset).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Npy(shape, data);
    }
}
