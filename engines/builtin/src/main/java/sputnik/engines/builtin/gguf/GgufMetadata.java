package sputnik.engines.builtin.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key/value metadata of a GGUF file, in file order, with typed accessors. A required key that is
 * missing, or present with another type, is a {@link GgufException} whose message names the file, the
 * key and what was expected ("model.gguf: metadata key 'qwen2.block_count' is missing"). Integer
 * accessors take any integer type that holds the value (files differ: UINT32 here, INT32 there).
 */
public final class GgufMetadata {
    private final String source;
    private final Map<String, GgufValue> values;

    /** {@code source} names the file in messages; the map is copied (its order kept). */
    public GgufMetadata(String source, Map<String, GgufValue> values) {
        this.source = source;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The file name used in messages. */
    public String source() {
        return source;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    /** All entries, in file order (unmodifiable). */
    public Map<String, GgufValue> asMap() {
        return values;
    }

    public Optional<GgufValue> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of a required key. */
    public GgufValue get(String key) {
        GgufValue v = values.get(key);
        if (v == null) throw new GgufException(source + ": metadata key '" + key + "' is missing");
        return v;
    }

    // ---- scalars ------------------------------------------------------------------------------

    public String getString(String key) {
        GgufValue v = get(key);
        if (v.type() != GgufValueType.STRING) throw mistyped(key, v, "a STRING");
        return v.asString();
    }

    public String getString(String key, String defaultValue) {
        return has(key) ? getString(key) : defaultValue;
    }

    public Optional<String> findString(String key) {
        return has(key) ? Optional.of(getString(key)) : Optional.empty();
    }

    /** An integer of any integer type, as a long. */
    public long getLong(String key) {
        GgufValue v = get(key);
        if (!v.type().isInteger()) throw mistyped(key, v, "an integer");
        if (v.type() == GgufValueType.UINT64 && v.asUnsignedLong() < 0) {
            throw new GgufException(source + ": metadata key '" + key + "' is " + Long.toUnsignedString(v.asUnsignedLong()) + ", too large");
        }
        return v.asLong();
    }

    public long getLong(String key, long defaultValue) {
        return has(key) ? getLong(key) : defaultValue;
    }

    /** An integer of any integer type whose value fits an int. */
    public int getInt(String key) {
        long l = getLong(key);
        if (l != (int) l) throw new GgufException(source + ": metadata key '" + key + "' is " + l + ", out of the int range");
        return (int) l;
    }

    public int getInt(String key, int defaultValue) {
        return has(key) ? getInt(key) : defaultValue;
    }

    /** A FLOAT32 or FLOAT64 (integers are accepted too). */
    public double getDouble(String key) {
        GgufValue v = get(key);
        if (!v.type().isFloat() && !v.type().isInteger()) throw mistyped(key, v, "a number");
        return v.asDouble();
    }

    public double getDouble(String key, double defaultValue) {
        return has(key) ? getDouble(key) : defaultValue;
    }

    public float getFloat(String key) {
        return (float) getDouble(key);
    }

    public float getFloat(String key, float defaultValue) {
        return has(key) ? getFloat(key) : defaultValue;
    }

    public boolean getBool(String key) {
        GgufValue v = get(key);
        if (v.type() != GgufValueType.BOOL) throw mistyped(key, v, "a BOOL");
        return v.asBool();
    }

    public boolean getBool(String key, boolean defaultValue) {
        return has(key) ? getBool(key) : defaultValue;
    }

    // ---- arrays -------------------------------------------------------------------------------

    /** An ARRAY of STRING (unmodifiable). */
    public List<String> getStringList(String key) {
        GgufValue v = get(key);
        if (!v.isArray() || v.elementType() != GgufValueType.STRING) throw mistyped(key, v, "an ARRAY of STRING");
        return v.asStrings();
    }

    /** An array of any integer type whose values fit an int (a copy). */
    public int[] getIntArray(String key) {
        GgufValue v = get(key);
        if (!v.isArray() || !v.elementType().isInteger()) throw mistyped(key, v, "an array of integers");
        try {
            return v.asInts();
        } catch (ArithmeticException e) {
            throw new GgufException(source + ": metadata key '" + key + "': " + e.getMessage());
        }
    }

    /** An array of any integer type, as longs (a copy). */
    public long[] getLongArray(String key) {
        GgufValue v = get(key);
        if (!v.isArray() || !v.elementType().isInteger()) throw mistyped(key, v, "an array of integers");
        return v.asLongs();
    }

    /** An array of FLOAT32 or FLOAT64 (a copy). */
    public float[] getFloatArray(String key) {
        GgufValue v = get(key);
        if (!v.isArray() || !v.elementType().isFloat()) throw mistyped(key, v, "an array of floats");
        return v.asFloats();
    }

    /** The length of an array value. */
    public int arrayLength(String key) {
        GgufValue v = get(key);
        if (!v.isArray()) throw mistyped(key, v, "an array");
        return v.length();
    }

    private GgufException mistyped(String key, GgufValue v, String expected) {
        return new GgufException(source + ": metadata key '" + key + "' is " + article(v.typeName()) + ", expected " + expected);
    }

    private static String article(String typeName) {
        return ("AEIO".indexOf(typeName.charAt(0)) >= 0 ? "an " : "a ") + typeName;
    }

    @Override
    public String toString() {
        return "GgufMetadata[" + source + ", " + values.size() + " keys]";
    }
}
