package sputnik.engines.builtin.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import sputnik.engines.builtin.gguf.GgmlType;

/**
 * A Mixture-of-Experts weight tensor: {@code experts} matrices of {@code rows} x {@code cols}, stored one after
 * the other (a GGUF 3-D tensor such as {@code ffn_up_exps} with ne0 = cols, ne1 = rows, ne2 = experts).
 * Only the selected experts' slices are ever read. When {@code interleaved}, each expert's matrix is repacked as
 * {@link Interleaved} describes, in its own place.
 */
public record ExpertTensor(GgmlType type, MemorySegment data, long offset, int experts, int rows, int cols, boolean interleaved) {
    /** Experts in GGUF's row-major layout. */
    public ExpertTensor(GgmlType type, MemorySegment data, long offset, int experts, int rows, int cols) {
        this(type, data, offset, experts, rows, cols, false);
    }

    public ExpertTensor {
        if (interleaved && !Interleaved.supports(type, rows)) {
            throw new IllegalArgumentException("a " + type + " expert tensor of " + rows + " rows cannot be interleaved (Q8_0, rows a multiple of " + Interleaved.ROWS + ")");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        TensorKernel.of(type);
        if (experts <= 0 || rows <= 0 || cols <= 0) throw new IllegalArgumentException("bad shape " + experts + " x " + rows + " x " + cols);
        long bytes = type.bytesFor(cols) * rows * (long) experts;
        if (offset < 0 || offset + bytes > data.byteSize()) {
            throw new IndexOutOfBoundsException("a " + type + " expert tensor of " + experts + " x " + rows + " x " + cols + " (" + bytes
                    + " bytes) at offset " + offset + " does not fit in " + data.byteSize() + " bytes");
        }
    }

    /** Bytes of one row. */
    public long rowBytes() {
        return type.bytesFor(cols);
    }

    /** Bytes of one expert's matrix. */
    public long expertBytes() {
        return rowBytes() * rows;
    }

    /** The byte offset of expert {@code e}'s first row. */
    public long expertOffset(int e) {
        Objects.checkIndex(e, experts);
        return offset + e * expertBytes();
    }

    /** Expert {@code e}'s matrix (no copy). */
    public Matrix expert(int e) {
        return new Matrix(type, data, expertOffset(e), rows, cols, interleaved);
    }
}
