package sputnik.harness.api;

import java.time.Duration;

/**
 * Harness-wide settings an engine may need. {@code model} is the {@code --model} value (a served
 * model name or a model file), or null when none was given.
 */
public record EngineContext(String model, Duration requestTimeout, int concurrency) {}
