package sputnik.harness.api;

/**
 * Contributes a {@code sputnik} subcommand from a plug-in module (reports contribute {@code compare}
 * and {@code leaderboard}); discovered with {@link java.util.ServiceLoader}. {@link #commands()} returns
 * fresh picocli {@code @Command} objects.
 */
public interface CommandProvider {
    java.util.List<Object> commands();
}
