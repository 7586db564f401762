package sputnik.engines.builtin.gguf;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One GGUF metadata value: a scalar, a string, or an array (of scalars, strings or arrays).
 *
 * <p>Scalars are held as {@link Long} (every integer type; a UINT64 keeps its 64 bits, see {@link
 * #asUnsignedLong()}), {@link Float}, {@link Double}, {@link Boolean} or {@link String}. Arrays are held
 * as the primitive array of their element type ({@code byte[]} for (U)INT8, {@code short[]} for
 * (U)INT16, {@code int[]} for (U)INT32, {@code long[]} for (U)INT64, {@code float[]}, {@code double[]},
 * {@code boolean[]}), {@code List<String>} for strings and {@code List<GgufValue>} for arrays of arrays.
 * Values are immutable: accessors return copies of primitive arrays.
 */
public final class GgufValue {
    private final GgufValueType type;
    private final GgufValueType elementType;
    private final Object value;

    private GgufValue(GgufValueType type, GgufValueType elementType, Object value) {
        this.type = type;
        this.elementType = elementType;
        this.value = value;
    }

    // ---- factories ----------------------------------------------------------------------------

    public static GgufValue ofUInt8(int v) {
        return integer(GgufValueType.UINT8, v, 0, 0xFF);
    }

    public static GgufValue ofInt8(int v) {
        return integer(GgufValueType.INT8, v, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    public static GgufValue ofUInt16(int v) {
        return integer(GgufValueType.UINT16, v, 0, 0xFFFF);
    }

    public static GgufValue ofInt16(int v) {
        return integer(GgufValueType.INT16, v, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    public static GgufValue ofUInt32(long v) {
        return integer(GgufValueType.UINT32, v, 0, 0xFFFF_FFFFL);
    }

    public static GgufValue ofInt32(int v) {
        return new GgufValue(GgufValueType.INT32, null, (long) v);
    }

    /** A UINT64 from its 64 bits (values above {@link Long#MAX_VALUE} are negative longs). */
    public static GgufValue ofUInt64(long bits) {
        return new GgufValue(GgufValueType.UINT64, null, bits);
    }

    public static GgufValue ofInt64(long v) {
        return new GgufValue(GgufValueType.INT64, null, v);
    }

    public static GgufValue ofFloat32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, null, v);
    }

    public static GgufValue ofFloat64(double v) {
        return new GgufValue(GgufValueType.FLOAT64, null, v);
    }

    public static GgufValue ofBool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, null, v);
    }

    public static GgufValue ofString(String v) {
        return new GgufValue(GgufValueType.STRING, null, Objects.requireNonNull(v, "string value"));
    }

    public static GgufValue ofStrings(List<String> v) {
        for (String s : v) Objects.requireNonNull(s, "string array element");
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.STRING, List.copyOf(v));
    }

    public static GgufValue ofInt32s(int[] v) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.INT32, v.clone());
    }

    public static GgufValue ofUInt32s(int[] bits) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.UINT32, bits.clone());
    }

    public static GgufValue ofFloat32s(float[] v) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.FLOAT32, v.clone());
    }

    /** An array of arrays (each element an ARRAY value of its own element type and length). */
    public static GgufValue ofArrays(List<GgufValue> v) {
        for (GgufValue e : v) {
            if (e.type != GgufValueType.ARRAY) throw new IllegalArgumentException("element of an array of arrays is a " + e.type);
        }
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.ARRAY, List.copyOf(v));
    }

    /**
     * An array of any element type, from the Java representation described on the class
     * ({@code byte[]} for UINT8 or INT8, and so on). The array is copied.
     */
    public static GgufValue ofArray(GgufValueType elementType, Object elements) {
        Object copy = switch (elementType) {
            case UINT8, INT8 -> ((byte[]) elements).clone();
            case UINT16, INT16 -> ((short[]) elements).clone();
            case UINT32, INT32 -> ((int[]) elements).clone();
            case UINT64, INT64 -> ((long[]) elements).clone();
            case FLOAT32 -> ((float[]) elements).clone();
            case FLOAT64 -> ((double[]) elements).clone();
            case BOOL -> ((boolean[]) elements).clone();
            case STRING -> {
                @SuppressWarnings("unchecked")
                List<String> l = (List<String>) elements;
                yield ofStrings(l).value;
            }
            case ARRAY -> {
                @SuppressWarnings("unchecked")
                List<GgufValue> l = (List<GgufValue>) elements;
                yield ofArrays(l).value;
            }
        };
        return new GgufValue(GgufValueType.ARRAY, elementType, copy);
    }

    /** For the reader: wraps an array it made, without copying. */
    static GgufValue wrapArray(GgufValueType elementType, Object elements) {
        return new GgufValue(GgufValueType.ARRAY, elementType, elements);
    }

    /** For the reader: a scalar integer of any integer type, from its bits. */
    static GgufValue wrapInteger(GgufValueType type, long bits) {
        return new GgufValue(type, null, bits);
    }

    private static GgufValue integer(GgufValueType t, long v, long min, long max) {
        if (v < min || v > max) throw new IllegalArgumentException(v + " does not fit " + t);
        return new GgufValue(t, null, v);
    }

    // ---- accessors ----------------------------------------------------------------------------

    public GgufValueType type() {
        return type;
    }

    /** The element type of an array, null for other values. */
    public GgufValueType elementType() {
        return elementType;
    }

    public boolean isArray() {
        return type == GgufValueType.ARRAY;
    }

    /** The raw Java representation (see the class comment); primitive arrays are not copied. */
    public Object raw() {
        return value;
    }

    /** "UINT32", "STRING", "ARRAY of STRING" and so on, for messages. */
    public String typeName() {
        return isArray() ? "ARRAY of " + elementType : type.name();
    }

    /** An integer scalar as a long; a UINT64 above {@link Long#MAX_VALUE} is refused. */
    public long asLong() {
        if (!type.isInteger()) throw new IllegalStateException("a " + typeName() + " is not an integer");
        long v = (Long) value;
        if (type == GgufValueType.UINT64 && v < 0) throw new ArithmeticException("UINT64 " + Long.toUnsignedString(v) + " does not fit a long");
        return v;
    }

    /** The 64 bits of an integer scalar, unsigned types not sign-extended. */
    public long asUnsignedLong() {
        if (!type.isInteger()) throw new IllegalStateException("a " + typeName() + " is not an integer");
        return (Long) value;
    }

    /** A numeric scalar (integer or float) as a double. */
    public double asDouble() {
        return switch (type) {
            case FLOAT32 -> (Float) value;
            case FLOAT64 -> (Double) value;
            default -> {
                if (!type.isInteger()) throw new IllegalStateException("a " + typeName() + " is not a number");
                yield type == GgufValueType.UINT64 ? unsignedToDouble((Long) value) : (double) (Long) value;
            }
        };
    }

    public boolean asBool() {
        if (type != GgufValueType.BOOL) throw new IllegalStateException("a " + typeName() + " is not a BOOL");
        return (Boolean) value;
    }

    public String asString() {
        if (type != GgufValueType.STRING) throw new IllegalStateException("a " + typeName() + " is not a STRING");
        return (String) value;
    }

    /** Number of elements of an array. */
    public int length() {
        if (!isArray()) throw new IllegalStateException("a " + typeName() + " is not an array");
        return value instanceof List<?> l ? l.size() : java.lang.reflect.Array.getLength(value);
    }

    @SuppressWarnings("unchecked")
    public List<String> asStrings() {
        if (!isArray() || elementType != GgufValueType.STRING) throw new IllegalStateException("a " + typeName() + " is not an ARRAY of STRING");
        return (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    public List<GgufValue> asArrays() {
        if (!isArray() || elementType != GgufValueType.ARRAY) throw new IllegalStateException("a " + typeName() + " is not an ARRAY of ARRAY");
        return (List<GgufValue>) value;
    }

    /** An array of any integer type as longs (unsigned types zero-extended; UINT64 as its bits). */
    public long[] asLongs() {
        if (!isArray() || !elementType.isInteger()) throw new IllegalStateException("a " + typeName() + " is not an array of integers");
        boolean unsigned = elementType == GgufValueType.UINT8 || elementType == GgufValueType.UINT16 || elementType == GgufValueType.UINT32;
        return switch (value) {
            case byte[] a -> {
                long[] r = new long[a.length];
                for (int i = 0; i < a.length; i++) r[i] = unsigned ? a[i] & 0xFF : a[i];
                yield r;
            }
            case short[] a -> {
                long[] r = new long[a.length];
                for (int i = 0; i < a.length; i++) r[i] = unsigned ? a[i] & 0xFFFF : a[i];
                yield r;
            }
            case int[] a -> {
                long[] r = new long[a.length];
                for (int i = 0; i < a.length; i++) r[i] = unsigned ? a[i] & 0xFFFF_FFFFL : a[i];
                yield r;
            }
            case long[] a -> a.clone();
            default -> throw new IllegalStateException("unexpected representation " + value.getClass());
        };
    }

    /** An array of any integer type whose values all fit an int, as ints; else {@link ArithmeticException}. */
    public int[] asInts() {
        if (isArray() && (elementType == GgufValueType.INT32)) return ((int[]) value).clone();
        long[] l = asLongs();
        int[] r = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] != (int) l[i] || (elementType == GgufValueType.UINT64 && l[i] < 0)) {
                throw new ArithmeticException("element " + i + " (" + l[i] + ") does not fit an int");
            }
            r[i] = (int) l[i];
        }
        return r;
    }

    /** An array of FLOAT32 (copied) or FLOAT64 (narrowed) values. */
    public float[] asFloats() {
        if (isArray() && elementType == GgufValueType.FLOAT32) return ((float[]) value).clone();
        if (isArray() && elementType == GgufValueType.FLOAT64) {
            double[] d = (double[]) value;
            float[] r = new float[d.length];
            for (int i = 0; i < d.length; i++) r[i] = (float) d[i];
            return r;
        }
        throw new IllegalStateException("a " + typeName() + " is not an array of floats");
    }

    private static double unsignedToDouble(long bits) {
        double d = (double) (bits >>> 1) * 2.0;
        return d + (bits & 1);
    }

    // ---- equality -----------------------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GgufValue v) || v.type != type || v.elementType != elementType) return false;
        return Objects.deepEquals(value, v.value);
    }

    @Override
    public int hashCode() {
        int h = type.hashCode() * 31 + Objects.hashCode(elementType);
        return h * 31 + Arrays.deepHashCode(new Object[] {value});
    }

    /** A short rendering: the value for scalars, the type and length (and first elements) for arrays. */
    @Override
    public String toString() {
        if (!isArray()) {
            if (type == GgufValueType.STRING) return '"' + (String) value + '"';
            if (type == GgufValueType.UINT64) return Long.toUnsignedString((Long) value);
            return String.valueOf(value);
        }
        int n = length();
        StringBuilder sb = new StringBuilder(typeName()).append('[').append(n).append(']');
        if (n > 0) {
            sb.append(" {");
            int shown = Math.min(n, 4);
            for (int i = 0; i < shown; i++) {
                if (i > 0) sb.append(", ");
                sb.append(element(i));
            }
            if (n > shown) sb.append(", ...");
            sb.append('}');
        }
        return sb.toString();
    }

    private String element(int i) {
        return switch (value) {
            case List<?> l -> l.get(i) instanceof String s ? '"' + s + '"' : String.valueOf(l.get(i));
            default -> String.valueOf(java.lang.reflect.Array.get(value, i));
        };
    }
}
