package sputnik.engines.builtin.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a GGUF version 3 file: metadata in insertion order, tensor infos in the order added, each
 * tensor's data at an offset aligned to {@code general.alignment} (32 unless that key is set). Tensor
 * data is written straight into a memory mapping of the output, by the caller's {@link TensorData}, so
 * multi-gigabyte files (random-weight models for throughput work) never pass through the heap. The file
 * is written beside the target and renamed into place when complete.
 *
 * <pre>{@code
 * GgufWriter w = new GgufWriter();
 * w.putString("general.architecture", "qwen3moe");
 * w.putUInt32("qwen3moe.block_count", 8);
 * w.addTensor("output_norm.weight", GgmlType.F32, new long[] {2048}, dst -> fillOnes(dst));
 * w.write(Path.of("model.gguf"));
 * }</pre>
 */
public final class GgufWriter {
    /**
     * Fills a tensor's bytes; {@code dst} is exactly {@link GgufTensorInfo#byteSize()} long, zero-filled, and may be
     * written from other threads until {@code write} returns.
     */
    @FunctionalInterface
    public interface TensorData {
        void write(MemorySegment dst) throws IOException;
    }

    private record Pending(String name, GgmlType type, long[] shape, long bytes, TensorData data) {}

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<Pending> tensors = new ArrayList<>();
    private final Map<String, Boolean> names = new LinkedHashMap<>();

    // ---- metadata -----------------------------------------------------------------------------

    /** Sets a key (replacing an earlier value but keeping its position). */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.equals(GgufFile.ALIGNMENT_KEY)) {
            if (!value.type().isInteger() || value.asUnsignedLong() <= 0 || Long.bitCount(value.asUnsignedLong()) != 1) {
                throw new IllegalArgumentException(GgufFile.ALIGNMENT_KEY + " must be a power of two, got " + value);
            }
        }
        metadata.put(key, value);
        return this;
    }

    /** Copies every entry of {@code source} (for example a real model's tokenizer). */
    public GgufWriter putAll(GgufMetadata source) {
        source.asMap().forEach(this::put);
        return this;
    }

    /** The metadata set so far, in order (unmodifiable). */
    public Map<String, GgufValue> metadata() {
        return java.util.Collections.unmodifiableMap(metadata);
    }

    public GgufWriter remove(String key) {
        metadata.remove(key);
        return this;
    }

    public GgufWriter putString(String key, String v) {
        return put(key, GgufValue.ofString(v));
    }

    public GgufWriter putUInt32(String key, long v) {
        return put(key, GgufValue.ofUInt32(v));
    }

    public GgufWriter putInt32(String key, int v) {
        return put(key, GgufValue.ofInt32(v));
    }

    public GgufWriter putUInt64(String key, long v) {
        return put(key, GgufValue.ofUInt64(v));
    }

    public GgufWriter putFloat32(String key, float v) {
        return put(key, GgufValue.ofFloat32(v));
    }

    public GgufWriter putFloat64(String key, double v) {
        return put(key, GgufValue.ofFloat64(v));
    }

    public GgufWriter putBool(String key, boolean v) {
        return put(key, GgufValue.ofBool(v));
    }

    public GgufWriter putStrings(String key, List<String> v) {
        return put(key, GgufValue.ofStrings(v));
    }

    public GgufWriter putInt32s(String key, int[] v) {
        return put(key, GgufValue.ofInt32s(v));
    }

    public GgufWriter putFloat32s(String key, float[] v) {
        return put(key, GgufValue.ofFloat32s(v));
    }

    // ---- tensors ------------------------------------------------------------------------------

    /**
     * Adds a tensor whose bytes {@code data} will write. The shape is in GGML order ({@code shape[0]}
     * is the row length, a multiple of the type's block size).
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, TensorData data) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (names.containsKey(name)) throw new IllegalArgumentException("tensor '" + name + "' added twice");
        if (shape.length < 1 || shape.length > GgufFile.MAX_DIMS) throw new IllegalArgumentException("tensor '" + name + "': 1 to 4 dimensions, got " + shape.length);
        long elements = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("tensor '" + name + "': negative dimension in " + Arrays.toString(shape));
            elements = Math.multiplyExact(elements, d);
        }
        if (shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': rows of " + shape[0] + " values are not whole " + type + " blocks of " + type.blockSize());
        }
        names.put(name, Boolean.TRUE);
        tensors.add(new Pending(name, type, shape.clone(), type.bytesFor(elements), data));
        return this;
    }

    /** Adds a tensor with the given bytes (copied when written; the length must match the shape). */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, MemorySegment bytes) {
        addTensor(name, type, shape, dst -> {
            if (bytes.byteSize() != dst.byteSize()) {
                throw new IllegalArgumentException("tensor '" + name + "' needs " + dst.byteSize() + " bytes, got " + bytes.byteSize());
            }
            MemorySegment.copy(bytes, 0, dst, 0, dst.byteSize());
        });
        return this;
    }

    /** Adds an F32 tensor from floats. */
    public GgufWriter addTensor(String name, long[] shape, float[] values) {
        return addTensor(name, GgmlType.F32, shape, MemorySegment.ofArray(toLittleEndian(values)));
    }

    private static byte[] toLittleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    // ---- output -------------------------------------------------------------------------------

    /** The size of the file {@link #write} will produce. */
    public long fileSize() {
        long alignment = alignment();
        long dataOffset = GgufFile.alignUp(header().length, alignment);
        return tensors.isEmpty() ? dataOffset : dataOffset + offsets(alignment)[tensors.size()];
    }

    /** Writes the file (a temporary beside it first, then renamed over {@code out}). */
    public void write(Path out) throws IOException {
        long alignment = alignment();
        byte[] header = header();
        long dataOffset = GgufFile.alignUp(header.length, alignment);
        long[] offsets = offsets(alignment);
        long total = tensors.isEmpty() ? dataOffset : dataOffset + offsets[tensors.size()];
        Path abs = out.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
                    Arena arena = Arena.ofShared()) { // shared: a TensorData may fill its bytes from several threads
                if (total > 0) {
                    ch.write(ByteBuffer.wrap(new byte[] {0}), total - 1); // sizes the file; the rest reads as zeros
                    MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, arena);
                    MemorySegment.copy(header, 0, seg, ValueLayout.JAVA_BYTE, 0, header.length);
                    seg.asSlice(header.length, dataOffset - header.length).fill((byte) 0);
                    for (int i = 0; i < tensors.size(); i++) {
                        Pending p = tensors.get(i);
                        MemorySegment dst = seg.asSlice(dataOffset + offsets[i], p.bytes);
                        p.data.write(dst);
                    }
                    seg.force();
                }
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private long alignment() {
        GgufValue a = metadata.get(GgufFile.ALIGNMENT_KEY);
        return a == null ? GgufFile.DEFAULT_ALIGNMENT : a.asUnsignedLong();
    }

    /** offsets[i] of tensor i relative to the data section; offsets[n] = the data section's size. */
    private long[] offsets(long alignment) {
        long[] off = new long[tensors.size() + 1];
        long pos = 0;
        for (int i = 0; i < tensors.size(); i++) {
            pos = GgufFile.alignUp(pos, alignment);
            off[i] = pos;
            pos += tensors.get(i).bytes;
        }
        off[tensors.size()] = pos;
        return off;
    }

    private byte[] header() {
        Buf b = new Buf();
        b.u32(GgufFile.MAGIC);
        b.u32(3);
        b.u64(tensors.size());
        b.u64(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            b.string(e.getKey());
            b.u32(e.getValue().type().id());
            b.value(e.getValue());
        }
        long[] off = offsets(alignment());
        for (int i = 0; i < tensors.size(); i++) {
            Pending p = tensors.get(i);
            b.string(p.name);
            b.u32(p.shape.length);
            for (long d : p.shape) b.u64(d);
            b.u32(p.type.id());
            b.u64(off[i]);
        }
        return b.toByteArray();
    }

    /** A growable little-endian byte buffer. */
    private static final class Buf {
        private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        private void room(int n) {
            if (buf.remaining() < n) {
                long cap = Math.max((long) buf.capacity() * 2, (long) buf.position() + n);
                if (cap > Integer.MAX_VALUE - 16) throw new IllegalStateException("GGUF header larger than 2 GB");
                ByteBuffer nb = ByteBuffer.allocate((int) cap).order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                nb.put(buf);
                buf = nb;
            }
        }

        void u8(int v) {
            room(1);
            buf.put((byte) v);
        }

        void u16(int v) {
            room(2);
            buf.putShort((short) v);
        }

        void u32(int v) {
            room(4);
            buf.putInt(v);
        }

        void u64(long v) {
            room(8);
            buf.putLong(v);
        }

        void string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            u64(bytes.length);
            room(bytes.length);
            buf.put(bytes);
        }

        void value(GgufValue v) {
            switch (v.type()) {
                case UINT8, INT8 -> u8((int) v.asUnsignedLong());
                case UINT16, INT16 -> u16((int) v.asUnsignedLong());
                case UINT32, INT32 -> u32((int) v.asUnsignedLong());
                case UINT64, INT64 -> u64(v.asUnsignedLong());
                case FLOAT32 -> {
                    room(4);
                    buf.putFloat((Float) v.raw());
                }
                case FLOAT64 -> {
                    room(8);
                    buf.putDouble((Double) v.raw());
                }
                case BOOL -> u8(v.asBool() ? 1 : 0);
                case STRING -> string(v.asString());
                case ARRAY -> array(v);
            }
        }

        private void array(GgufValue v) {
            u32(v.elementType().id());
            u64(v.length());
            switch (v.raw()) {
                case byte[] a -> {
                    room(a.length);
                    buf.put(a);
                }
                case boolean[] a -> {
                    for (boolean x : a) u8(x ? 1 : 0);
                }
                case short[] a -> {
                    for (short x : a) u16(x);
                }
                case int[] a -> {
                    room(4 * a.length);
                    for (int x : a) buf.putInt(x);
                }
                case long[] a -> {
                    room(8 * a.length);
                    for (long x : a) buf.putLong(x);
                }
                case float[] a -> {
                    room(4 * a.length);
                    for (float x : a) buf.putFloat(x);
                }
                case double[] a -> {
                    room(8 * a.length);
                    for (double x : a) buf.putDouble(x);
                }
                case List<?> l -> {
                    for (Object o : l) {
                        if (o instanceof String s) string(s);
                        else array((GgufValue) o);
                    }
                }
                default -> throw new IllegalStateException("unexpected array representation " + v.raw().getClass());
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }
}
