package sputnik.engines.builtin.model;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Optional;
import sputnik.engines.builtin.gguf.GgmlType;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.gguf.GgufTensorInfo;
import sputnik.engines.builtin.tensor.ExpertTensor;
import sputnik.engines.builtin.tensor.Matrix;

/**
 * A model's tensors by name, checked against the shapes the hyperparameters imply: a missing tensor, a wrong shape
 * or a type without kernels is a {@link GgufException} naming the file and the tensor. Matrices and expert tensors
 * are read where the {@link WeightLayout} puts them (the mapped file in place, or a repacked copy); norms and biases
 * (small) are copied into float arrays.
 */
public final class Weights {
    private final GgufFile file;
    private final WeightLayout layout;

    /** The tensors of {@code file}, matrices placed by {@code layout} (read in place, or repacked). */
    public Weights(GgufFile file, WeightLayout layout) {
        this.file = file;
        this.layout = layout;
    }

    public GgufFile file() {
        return file;
    }

    public boolean has(String name) {
        return file.findTensor(name).isPresent();
    }

    /** A matrix applied as {@code y = W x} with x of {@code cols} values and y of {@code rows} (GGUF shape [cols, rows]). */
    public Matrix matrix(String name, int rows, int cols) {
        GgufTensorInfo t = file.tensor(name);
        checkShape(t, cols, rows);
        MemorySegment data = file.tensorData(t);
        try {
            return layout.place(new Matrix(t.type(), data, 0, rows, cols));
        } catch (IllegalArgumentException e) {
            throw unsupported(t, e);
        }
    }

    public Optional<Matrix> optionalMatrix(String name, int rows, int cols) {
        return has(name) ? Optional.of(matrix(name, rows, cols)) : Optional.empty();
    }

    /** {@code experts} matrices of rows x cols (GGUF shape [cols, rows, experts]). */
    public ExpertTensor experts(String name, int experts, int rows, int cols) {
        GgufTensorInfo t = file.tensor(name);
        checkShape(t, cols, rows, experts);
        try {
            return layout.place(new ExpertTensor(t.type(), file.tensorData(t), 0, experts, rows, cols));
        } catch (IllegalArgumentException e) {
            throw unsupported(t, e);
        }
    }

    /** A vector of {@code n} values (a norm's gain, a bias), decoded to floats. */
    public float[] vector(String name, int n) {
        GgufTensorInfo t = file.tensor(name);
        checkShape(t, n);
        float[] out = new float[n];
        try {
            new Matrix(t.type(), file.tensorData(t), 0, 1, n).dequantizeRow(0, out, 0);
        } catch (IllegalArgumentException e) {
            throw unsupported(t, e);
        }
        return out;
    }

    /** The vector, or null when the file has no such tensor. */
    public float[] optionalVector(String name, int n) {
        return has(name) ? vector(name, n) : null;
    }

    private void checkShape(GgufTensorInfo t, long... expected) {
        long[] shape = t.shape();
        long[] trimmed = shape;
        // ggml pads shapes with ones: [64, 1] is a vector of 64
        int n = shape.length;
        while (n > expected.length && shape[n - 1] == 1) n--;
        if (n != shape.length) trimmed = Arrays.copyOf(shape, n);
        if (!Arrays.equals(trimmed, expected)) {
            throw new GgufException(file.path() + ": tensor '" + t.name() + "' has shape " + Arrays.toString(shape) + ", expected "
                    + Arrays.toString(expected) + " from the metadata");
        }
    }

    private GgufException unsupported(GgufTensorInfo t, IllegalArgumentException e) {
        return new GgufException(file.path() + ": tensor '" + t.name() + "' is " + t.type() + ", which the built-in engine cannot compute with ("
                + "supported: " + supportedTypes() + ")", e);
    }

    static String supportedTypes() {
        StringBuilder b = new StringBuilder();
        for (GgmlType g : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            if (!b.isEmpty()) b.append(", ");
            b.append(g);
        }
        return b.toString();
    }
}
