package sputnik.harness.api;

import java.util.Map;

/**
 * Makes an {@link Engine}; discovered with {@link java.util.ServiceLoader} and chosen by {@link #name()}.
 *
 * <p>Engine-specific command-line options are picocli {@code @Option} fields on the provider itself:
 * the CLI creates a fresh provider per invocation, adds it as a mixin to the commands that run
 * engines, and picocli fills the fields before {@link #open} is called. Option names must not clash
 * with other providers' or with the harness's own.
 */
public interface EngineProvider {

    /** Short name used with {@code --engine}. */
    String name();

    /** One line for {@code sputnik engines}. */
    String description();

    /**
     * Settings that change what the engine answers (recorded in run.json and compared on resume).
     * Never include secrets: API keys stay in the environment.
     */
    Map<String, Object> config(EngineContext context);

    /**
     * Facts about where the engine runs that are recorded in run.json's environment (under
     * {@code engine}) but not compared on resume, e.g. an endpoint's URL: a server restarted on another
     * port may finish a run. Called after {@link #open}. Never include secrets.
     */
    default Map<String, Object> environment(EngineContext context) {
        return Map.of();
    }

    Engine open(EngineContext context) throws UsageException, java.io.IOException;
}
