package sputnik.datasets.sandbox;

/** The status line candidate.py writes first on stderr in program mode, before any model-written code runs. */
final class ProgramStatus {
    private ProgramStatus() {}

    static final String PREFIX = "\u001esputnik:";
    static final String READY = PREFIX + "ready";
    static final String COMPILE_ERROR = PREFIX + "compile_error ";

    static String compileError(String status) {
        String json = status.substring(COMPILE_ERROR.length());
        try {
            return sputnik.harness.util.Json.MAPPER.readValue(json, String.class);
        } catch (java.io.IOException e) {
            return json;
        }
    }
}
