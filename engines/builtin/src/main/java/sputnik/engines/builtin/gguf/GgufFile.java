package sputnik.engines.builtin.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file (versions 2 and 3, little-endian), memory-mapped read-only with the FFM API: the header,
 * metadata and tensor infos are parsed when it is opened, and each tensor's data is a {@link
 * MemorySegment} slice of the mapping, never copied. Files far larger than 2 GB are fine.
 *
 * <p>Layout (ggml's docs/gguf.md): magic {@code "GGUF"}, version (uint32), tensor count and metadata
 * count (uint64), the metadata entries (key string, value type, value), the tensor infos (name, number
 * of dimensions, dimensions, GGML type, offset), padding to {@code general.alignment} (default 32),
 * then the tensor data, each tensor at its offset (a multiple of the alignment) from the data start.
 *
 * <p>Everything that makes a file unusable is found at {@link #open} and reported as a {@link
 * GgufException} with a one-line message naming the file: truncated, bad magic, unsupported version,
 * unknown value or tensor type, more than 4 dimensions, a row that is not a whole number of blocks, a
 * misaligned offset, a tensor past the end of the file or overlapping another, duplicate keys or names.
 *
 * <p>Close the file to unmap it; segments obtained from it are invalid afterwards. The segments are
 * readable from any thread.
 */
public final class GgufFile implements AutoCloseable {
    public static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
    public static final int DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";
    /** GGML's limit on tensor dimensions. */
    public static final int MAX_DIMS = 4;

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final int version;
    private final GgufMetadata metadata;
    private final List<GgufTensorInfo> tensors;
    private final Map<String, GgufTensorInfo> byName;
    private final long alignment;
    private final long dataOffset;

    private GgufFile(Path path, Arena arena, MemorySegment segment, Parsed p) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
        this.version = p.version;
        this.metadata = p.metadata;
        this.tensors = p.tensors;
        this.alignment = p.alignment;
        this.dataOffset = p.dataOffset;
        Map<String, GgufTensorInfo> m = new HashMap<>();
        for (GgufTensorInfo t : tensors) m.put(t.name(), t);
        this.byName = m;
    }

    /**
     * Maps and parses a GGUF file.
     *
     * @throws NoSuchFileException and other {@link IOException}s when the file cannot be read at all
     * @throws GgufException when it is not a usable GGUF file
     */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment seg = size == 0 ? MemorySegment.ofArray(new byte[0]) : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            Parsed p = parse(seg, path.toString());
            return new GgufFile(path, arena, seg, p);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** 2 or 3. */
    public int version() {
        return version;
    }

    public long fileSize() {
        return segment.byteSize();
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** {@code general.alignment}, or 32. */
    public long alignment() {
        return alignment;
    }

    /** Where the data section starts: tensor offsets are relative to it. */
    public long dataOffset() {
        return dataOffset;
    }

    /** The tensor infos in file order (unmodifiable). */
    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    public Optional<GgufTensorInfo> findTensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** A required tensor; a {@link GgufException} naming the file and the tensor when it is absent. */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo t = byName.get(name);
        if (t == null) throw new GgufException(path + ": tensor '" + name + "' is missing");
        return t;
    }

    /** The tensor's bytes: a read-only slice of the mapping, {@code byteSize()} long. */
    public MemorySegment tensorData(GgufTensorInfo t) {
        if (byName.get(t.name()) != t && !t.equals(byName.get(t.name()))) {
            throw new IllegalArgumentException("tensor " + t.name() + " is not from " + path);
        }
        return segment.asSlice(dataOffset + t.offset(), t.byteSize());
    }

    /** The data of a required tensor. */
    public MemorySegment tensorData(String name) {
        return tensorData(tensor(name));
    }

    /** The whole mapped file (read-only). */
    public MemorySegment segment() {
        return segment;
    }

    /** Unmaps the file; its segments must not be used afterwards. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version + ", " + metadata.keys().size() + " keys, " + tensors.size() + " tensors]";
    }

    // ---- parsing ------------------------------------------------------------------------------

    record Parsed(int version, GgufMetadata metadata, List<GgufTensorInfo> tensors, long alignment, long dataOffset) {}

    /** Parses a GGUF image (the whole file); {@code name} names it in messages. */
    static Parsed parse(MemorySegment seg, String name) {
        Cursor c = new Cursor(seg, name);
        long size = seg.byteSize();
        if (size < 4) throw new GgufException(name + ": not a GGUF file: " + size + " bytes, too short to hold the magic 'GGUF'");
        int magic = seg.get(U32, 0);
        if (magic != MAGIC) {
            byte[] m = new byte[4];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, m, 0, 4);
            StringBuilder hex = new StringBuilder();
            for (byte b : m) hex.append(String.format("%02x ", b & 0xFF));
            throw new GgufException(name + ": not a GGUF file: it starts with bytes " + hex.toString().trim() + ", not the magic 'GGUF'");
        }
        c.pos = 4;
        int version = c.u32("the version");
        if (version == 1) throw new GgufException(name + ": GGUF version 1 is not supported (only versions 2 and 3); convert the file again with a current llama.cpp");
        if (version != 2 && version != 3) {
            if (Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3) {
                throw new GgufException(name + ": a big-endian GGUF file (version " + Integer.reverseBytes(version) + "); only little-endian files are supported");
            }
            throw new GgufException(name + ": unsupported GGUF version " + Integer.toUnsignedString(version) + " (only versions 2 and 3)");
        }
        long nTensors = c.count("the tensor count", 8 + 4 + 4 + 8);
        long nKv = c.count("the metadata count", 8 + 4);

        Map<String, GgufValue> kv = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            String key = c.string("the key of metadata entry " + i);
            if (kv.containsKey(key)) throw new GgufException(name + ": metadata key '" + key + "' appears twice");
            int typeId = c.u32("the type of metadata key '" + key + "'");
            GgufValueType type = GgufValueType.byId(typeId);
            if (type == null) throw new GgufException(name + ": metadata key '" + key + "' has unknown value type id " + Integer.toUnsignedString(typeId));
            kv.put(key, c.value(type, key, 0));
        }
        GgufMetadata metadata = new GgufMetadata(name, kv);

        long alignment = DEFAULT_ALIGNMENT;
        if (metadata.has(ALIGNMENT_KEY)) {
            GgufValue a = metadata.get(ALIGNMENT_KEY);
            if (!a.type().isInteger()) throw new GgufException(name + ": " + ALIGNMENT_KEY + " is a " + a.typeName() + ", expected a UINT32");
            long al = a.asUnsignedLong();
            if (al <= 0 || Long.bitCount(al) != 1 || al > (1L << 30)) {
                throw new GgufException(name + ": " + ALIGNMENT_KEY + " is " + Long.toUnsignedString(al) + ", not a power of two");
            }
            alignment = al;
        }

        List<GgufTensorInfo> tensors = new ArrayList<>();
        Map<String, Boolean> names = new HashMap<>();
        for (long i = 0; i < nTensors; i++) {
            String tname = c.string("the name of tensor info " + i);
            if (names.put(tname, Boolean.TRUE) != null) throw new GgufException(name + ": tensor '" + tname + "' appears twice");
            int nDims = c.u32("the dimension count of tensor '" + tname + "'");
            if (nDims < 1 || nDims > MAX_DIMS) {
                throw new GgufException(name + ": tensor '" + tname + "' has " + Integer.toUnsignedString(nDims) + " dimensions; GGML allows 1 to " + MAX_DIMS);
            }
            long[] shape = new long[nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                shape[d] = c.u64("dimension " + d + " of tensor '" + tname + "'");
                if (shape[d] < 0) throw new GgufException(name + ": tensor '" + tname + "' has dimension " + d + " = " + Long.toUnsignedString(shape[d]) + ", too large");
                try {
                    elements = Math.multiplyExact(elements, shape[d]);
                } catch (ArithmeticException e) {
                    throw new GgufException(name + ": tensor '" + tname + "' shape " + Arrays.toString(shape) + " has too many elements");
                }
            }
            int typeId = c.u32("the type of tensor '" + tname + "'");
            GgmlType type = GgmlType.byId(typeId);
            if (type == null) throw new GgufException(name + ": tensor '" + tname + "' has unknown GGML type id " + Integer.toUnsignedString(typeId));
            long offset = c.u64("the data offset of tensor '" + tname + "'");
            if (shape[0] % type.blockSize() != 0) {
                throw new GgufException(name + ": tensor '" + tname + "' of type " + type + " has rows of " + shape[0]
                        + " values, not a multiple of its block size " + type.blockSize());
            }
            long bytes;
            try {
                bytes = Math.multiplyExact(elements / type.blockSize(), (long) type.blockBytes());
            } catch (ArithmeticException e) {
                throw new GgufException(name + ": tensor '" + tname + "' is too large");
            }
            tensors.add(new GgufTensorInfo(tname, type, shape, offset, bytes, (int) i));
        }
        long dataOffset = alignUp(c.pos, alignment);

        for (GgufTensorInfo t : tensors) {
            if (t.offset() < 0 || t.offset() % alignment != 0) {
                throw new GgufException(name + ": tensor '" + t.name() + "' has data offset " + Long.toUnsignedString(t.offset())
                        + ", not a multiple of the alignment " + alignment);
            }
            long end = dataOffset + t.offset() + t.byteSize();
            if (t.offset() > size || end > size || end < 0) {
                throw new GgufException(name + ": tensor '" + t.name() + "' (" + t.type() + " " + Arrays.toString(t.shape()) + ", " + t.byteSize()
                        + " bytes at data offset " + t.offset() + ") ends at byte " + (end < 0 ? "(overflow)" : Long.toString(end))
                        + ", past the end of the file (" + size + " bytes): the file is truncated or corrupt");
            }
        }
        List<GgufTensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        for (int i = 1; i < sorted.size(); i++) {
            GgufTensorInfo a = sorted.get(i - 1), b = sorted.get(i);
            if (a.offset() + a.byteSize() > b.offset()) {
                throw new GgufException(name + ": tensors '" + a.name() + "' and '" + b.name() + "' overlap (bytes " + a.offset() + ".."
                        + (a.offset() + a.byteSize()) + " and " + b.offset() + ".. of the data section)");
            }
        }
        return new Parsed(version, metadata, Collections.unmodifiableList(tensors), alignment, dataOffset);
    }

    static long alignUp(long v, long alignment) {
        return (v + alignment - 1) / alignment * alignment;
    }

    /** Reads little-endian values from the image, with a clear message when the file ends too soon. */
    private static final class Cursor {
        private static final int MAX_NESTING = 16;
        final MemorySegment seg;
        final String name;
        long pos;

        Cursor(MemorySegment seg, String name) {
            this.seg = seg;
            this.name = name;
        }

        void need(long n, String what) {
            if (n < 0 || n > seg.byteSize() - pos) {
                throw new GgufException(name + ": truncated file: " + what + " needs " + (n < 0 ? Long.toUnsignedString(n) : Long.toString(n))
                        + " bytes at offset " + pos + ", but the file has " + seg.byteSize() + " bytes");
            }
        }

        int u32(String what) {
            need(4, what);
            int v = seg.get(U32, pos);
            pos += 4;
            return v;
        }

        long u64(String what) {
            need(8, what);
            long v = seg.get(U64, pos);
            pos += 8;
            return v;
        }

        /** A uint64 count of items of at least {@code minItemBytes} each, checked against the bytes left. */
        long count(String what, long minItemBytes) {
            long n = u64(what);
            if (n < 0 || n > (seg.byteSize() - pos) / minItemBytes) {
                throw new GgufException(name + ": truncated or corrupt file: " + what + " is " + Long.toUnsignedString(n) + ", more than the "
                        + (seg.byteSize() - pos) + " bytes left can hold");
            }
            return n;
        }

        String string(String what) {
            long len = u64("the length of " + what);
            need(len, what + " (a string of " + Long.toUnsignedString(len) + " bytes)");
            if (len > Integer.MAX_VALUE - 16) throw new GgufException(name + ": " + what + " is a string of " + len + " bytes, too long");
            byte[] b = new byte[(int) len];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, 0, b.length);
            pos += len;
            return new String(b, StandardCharsets.UTF_8);
        }

        GgufValue value(GgufValueType type, String key, int depth) {
            String what = "the value of metadata key '" + key + "'";
            switch (type) {
                case UINT8, INT8, BOOL -> {
                    need(1, what);
                    byte b = seg.get(ValueLayout.JAVA_BYTE, pos);
                    pos += 1;
                    if (type == GgufValueType.BOOL) return GgufValue.ofBool(b != 0);
                    return GgufValue.wrapInteger(type, type == GgufValueType.UINT8 ? b & 0xFF : b);
                }
                case UINT16, INT16 -> {
                    need(2, what);
                    short s = seg.get(U16, pos);
                    pos += 2;
                    return GgufValue.wrapInteger(type, type == GgufValueType.UINT16 ? s & 0xFFFF : s);
                }
                case UINT32, INT32 -> {
                    int v = u32(what);
                    return GgufValue.wrapInteger(type, type == GgufValueType.UINT32 ? v & 0xFFFF_FFFFL : v);
                }
                case UINT64, INT64 -> {
                    return GgufValue.wrapInteger(type, u64(what));
                }
                case FLOAT32 -> {
                    need(4, what);
                    float f = seg.get(F32, pos);
                    pos += 4;
                    return GgufValue.ofFloat32(f);
                }
                case FLOAT64 -> {
                    need(8, what);
                    double d = seg.get(F64, pos);
                    pos += 8;
                    return GgufValue.ofFloat64(d);
                }
                case STRING -> {
                    return GgufValue.ofString(string(what));
                }
                case ARRAY -> {
                    return array(key, depth);
                }
            }
            throw new AssertionError(type);
        }

        private GgufValue array(String key, int depth) {
            if (depth >= MAX_NESTING) throw new GgufException(name + ": metadata key '" + key + "' nests arrays more than " + MAX_NESTING + " deep");
            int typeId = u32("the element type of array key '" + key + "'");
            GgufValueType et = GgufValueType.byId(typeId);
            if (et == null) throw new GgufException(name + ": metadata key '" + key + "' is an array of unknown value type id " + Integer.toUnsignedString(typeId));
            long minBytes = switch (et) {
                case STRING -> 8;
                case ARRAY -> 12;
                default -> et.size();
            };
            long n = count("the length of array key '" + key + "'", minBytes);
            if (n > Integer.MAX_VALUE - 16) throw new GgufException(name + ": metadata key '" + key + "' is an array of " + n + " elements, too long");
            int len = (int) n;
            String what = "array key '" + key + "' (" + n + " " + et + ")";
            Object data = switch (et) {
                case UINT8, INT8 -> {
                    byte[] a = new byte[len];
                    need(len, what);
                    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, a, 0, len);
                    pos += len;
                    yield a;
                }
                case BOOL -> {
                    boolean[] a = new boolean[len];
                    need(len, what);
                    for (int i = 0; i < len; i++) a[i] = seg.get(ValueLayout.JAVA_BYTE, pos + i) != 0;
                    pos += len;
                    yield a;
                }
                case UINT16, INT16 -> {
                    short[] a = new short[len];
                    need(2L * len, what);
                    MemorySegment.copy(seg, U16, pos, a, 0, len);
                    pos += 2L * len;
                    yield a;
                }
                case UINT32, INT32 -> {
                    int[] a = new int[len];
                    need(4L * len, what);
                    MemorySegment.copy(seg, U32, pos, a, 0, len);
                    pos += 4L * len;
                    yield a;
                }
                case UINT64, INT64 -> {
                    long[] a = new long[len];
                    need(8L * len, what);
                    MemorySegment.copy(seg, U64, pos, a, 0, len);
                    pos += 8L * len;
                    yield a;
                }
                case FLOAT32 -> {
                    float[] a = new float[len];
                    need(4L * len, what);
                    MemorySegment.copy(seg, F32, pos, a, 0, len);
                    pos += 4L * len;
                    yield a;
                }
                case FLOAT64 -> {
                    double[] a = new double[len];
                    need(8L * len, what);
                    MemorySegment.copy(seg, F64, pos, a, 0, len);
                    pos += 8L * len;
                    yield a;
                }
                case STRING -> {
                    String[] a = new String[len];
                    for (int i = 0; i < len; i++) a[i] = string("element " + i + " of array key '" + key + "'");
                    yield Collections.unmodifiableList(Arrays.asList(a));
                }
                case ARRAY -> {
                    List<GgufValue> a = new ArrayList<>(len);
                    for (int i = 0; i < len; i++) a.add(array(key, depth + 1));
                    yield Collections.unmodifiableList(a);
                }
            };
            return GgufValue.wrapArray(et, data);
        }
    }
}
