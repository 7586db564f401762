package sputnik.datasets.sandbox;

import java.util.Objects;

/**
 * What runs in one candidate sandbox: the model-written {@code solution}, and optional dataset code
 * run in its namespace, {@code prelude} before it (the imports a benchmark's harness adds) and
 * {@code setup} after it (objects built from the solution's classes).
 */
public record Program(String solution, String prelude, String setup) {
    public Program {
        Objects.requireNonNull(solution, "solution");
    }

    public static Program of(String solution) {
        return new Program(solution, null, null);
    }
}
