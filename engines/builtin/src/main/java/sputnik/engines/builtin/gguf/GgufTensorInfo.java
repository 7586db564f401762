package sputnik.engines.builtin.gguf;

import java.util.Arrays;

/**
 * One tensor of a GGUF file: its name, element type, shape and where its data lies.
 *
 * <p>The shape is in GGML order: {@code shape[0]} ({@code ne0}) is the innermost, contiguous dimension
 * (a row), so a weight matrix applied as {@code y = W x} with {@code x} of length {@code n} and {@code y}
 * of length {@code m} has shape {@code [n, m]}: {@code m} rows of {@code n} values, row {@code r} at
 * byte {@code r * rowBytes()}. {@code offset} is relative to the file's data section ({@link
 * GgufFile#dataOffset()}).
 *
 * @param index position of the tensor among the file's tensor infos
 */
public record GgufTensorInfo(String name, GgmlType type, long[] shape, long offset, long byteSize, int index) {
    public GgufTensorInfo {
        shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions (1 to 4). */
    public int dims() {
        return shape.length;
    }

    /** Dimension {@code i} in GGML order; 1 for {@code i >= dims()}, as ggml pads shapes with ones. */
    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    /** Total number of elements. */
    public long elements() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /** Number of rows: the product of all dimensions but the first. */
    public long rows() {
        return elements() / Math.max(1, shape[0]);
    }

    /** Bytes of one row ({@code shape[0]} elements). */
    public long rowBytes() {
        return type.bytesFor(shape[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && t.name.equals(name) && t.type == type && Arrays.equals(t.shape, shape)
                && t.offset == offset && t.byteSize == byteSize && t.index == index;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape) + " @" + offset + " (" + byteSize + " bytes)";
    }
}
