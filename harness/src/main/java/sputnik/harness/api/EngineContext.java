package sputnik.harness.api;

import java.time.Duration;

/**
 * Harness-wide settings an engine may need. {@code model} is the {@code --model} value (a served
 * model name or a model file), or null when none was given; {@code data} says where data files come
 * from (an engine that replays a recorded response set finds it there), or null.
 */
public record EngineContext(String model, Duration requestTimeout, int concurrency, SuiteContext data) {

    public EngineContext(String model, Duration requestTimeout, int concurrency) {
        this(model, requestTimeout, concurrency, null);
    }
}
