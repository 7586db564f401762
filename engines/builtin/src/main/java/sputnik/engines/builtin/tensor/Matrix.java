package sputnik.engines.builtin.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * A weight matrix of {@code rows} rows of {@code cols} values, stored row after row from byte {@code offset}
 * of {@code data} in GGML's layout for {@code type} (a GGUF tensor with ne0 = cols, ne1 = rows), or, when
 * {@code interleaved}, repacked with four rows interleaved block by block ({@link Interleaved}). The bytes are read in
 * place (a memory-mapped GGUF file, or the repacked copy): nothing is copied per use.
 */
public record Matrix(GgmlType type, MemorySegment data, long offset, int rows, int cols, boolean interleaved) {
    /** A matrix in GGUF's row-major layout. */
    public Matrix(GgmlType type, MemorySegment data, long offset, int rows, int cols) {
        this(type, data, offset, rows, cols, false);
    }

    public Matrix {
        if (interleaved && !Interleaved.supports(type, rows)) {
            throw new IllegalArgumentException("a " + type + " matrix of " + rows + " rows cannot be interleaved (Q8_0, rows a multiple of " + Interleaved.ROWS + ")");
        }
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

    /** The byte offset of row {@code r} in {@link #data()} (of its first block, when interleaved). */
    public long rowOffset(int r) {
        Objects.checkIndex(r, rows);
        return interleaved ? Interleaved.rowOffset(offset, rowBytes(), r) : offset + r * rowBytes();
    }

    public TensorKernel kernel() {
        return TensorKernel.of(type);
    }

    /** Rows {@code from .. from + count - 1} as a matrix of their own (no copy); whole groups when interleaved. */
    public Matrix rows(int from, int count) {
        Objects.checkFromIndexSize(from, count, rows);
        if (interleaved && (from % Interleaved.ROWS != 0 || count % Interleaved.ROWS != 0)) {
            throw new IllegalArgumentException("rows " + from + " + " + count + " of an interleaved matrix are not whole groups of " + Interleaved.ROWS);
        }
        return new Matrix(type, data, offset + from * rowBytes(), count, cols, interleaved);
    }

    /** Row {@code r} decoded into {@code out[outOffset .. outOffset + cols)} (an embedding lookup). */
    public void dequantizeRow(int r, float[] out, int outOffset) {
        Objects.checkFromIndexSize(outOffset, cols, out.length);
        if (interleaved) Interleaved.dequantizeRow(data, offset, rowBytes(), r, out, outOffset, cols);
        else kernel().dequantize(data, rowOffset(r), out, outOffset, cols);
    }

    /** Row {@code r} dotted with {@code x} (prepared for this type here), single-threaded. */
    public float dot(int r, Activation x) {
        checkActivation(x);
        x.prepare(type);
        return interleaved ? Interleaved.dot(data, offset, rowBytes(), r, x, cols) : kernel().dot(data, rowOffset(r), x, cols);
    }

    void checkActivation(Activation x) {
        if (x.length() != cols) throw new IllegalArgumentException("activation of " + x.length() + " values for a matrix of " + cols + " columns");
    }
}
