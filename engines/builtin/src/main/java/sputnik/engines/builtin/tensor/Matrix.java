package sputnik.engines.builtin.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * A weight matrix of {@code rows} rows of {@code cols} values, stored row after row from byte {@code offset}
 * of {@code data} in GGML's layout for {@code type} (a GGUF tensor with ne0 = cols, ne1 = rows). The bytes
 * are read in place (typically a memory-mapped GGUF file): nothing is copied.
 */
public record Matrix(GgmlType type, MemorySegment data, long offset, int rows, int cols) {
    public Matrix {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        TensorKernel.of(type); // rejects types without kernels
        if (rows < 0 || cols <= 0) throw new IllegalArgumentException("bad shape " + rows + " x " + cols);
        long bytes = type.bytesFor(cols) * (long) rows; // rejects cols that are not a multiple of the block
        if (offset < 0 || offset + bytes > data.byteSize()) {
            throw new IndexOutOfBoundsException("a " + type + " matrix of " + rows + " x " + cols + " (" + bytes + " bytes) at offset " + offset
                    + " does not fit in " + data.byteSize() + " bytes");
        }
    }

    /** Bytes of one row. */
    public long rowBytes() {
        return type.bytesFor(cols);
    }

    /** Bytes of the whole matrix. */
    public long byteSize() {
        return rowBytes() * rows;
    }

    /** The byte offset of row {@code r} in {@link #data()}. */
    public long rowOffset(int r) {
        Objects.checkIndex(r, rows);
        return offset + r * rowBytes();
    }

    public TensorKernel kernel() {
        return TensorKernel.of(type);
    }

    /** Rows {@code from .. from + count - 1} as a matrix of their own (no copy). */
    public Matrix rows(int from, int count) {
        Objects.checkFromIndexSize(from, count, rows);
        return new Matrix(type, data, offset + from * rowBytes(), count, cols);
    }

    /** Row {@code r} decoded into {@code out[outOffset .. outOffset + cols)} (an embedding lookup). */
    public void dequantizeRow(int r, float[] out, int outOffset) {
        Objects.checkFromIndexSize(outOffset, cols, out.length);
        kernel().dequantize(data, rowOffset(r), out, outOffset, cols);
    }

    /** Row {@code r} dotted with {@code x} (prepared for this type here), single-threaded. */
    public float dot(int r, Activation x) {
        checkActivation(x);
        x.prepare(type);
        return kernel().dot(data, rowOffset(r), x, cols);
    }

    void checkActivation(Activation x) {
        if (x.length() != cols) throw new IllegalArgumentException("activation of " + x.length() + " values for a matrix of " + cols + " columns");
    }
}
