package sputnik.engines.builtin.tokenizer;

/** Token types as {@code tokenizer.ggml.token_type} stores them (llama.cpp's llama_token_type). */
public enum TokenType {
    UNDEFINED(0),
    NORMAL(1),
    UNKNOWN(2),
    CONTROL(3),
    USER_DEFINED(4),
    UNUSED(5),
    BYTE(6);

    private final int id;

    TokenType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The type with this id; unknown ids are UNDEFINED, as llama.cpp reads them. */
    public static TokenType byId(int id) {
        for (TokenType t : values()) if (t.id == id) return t;
        return UNDEFINED;
    }
}
