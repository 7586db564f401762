package sputnik.reports.claims;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/**
 * The published numbers shipped with Sputnik (resources/sputnik/claims.json), and which one a run is held against:
 * the one named with {@code --claim}, else the one for the run's suite whose model is the run's model.
 */
public record ClaimBook(String note, List<Claim> claims) {

    public ClaimBook {
        claims = List.copyOf(claims);
    }

    /** The shipped table, read once (every report of every run looks its claim up here). */
    public static ClaimBook shipped() {
        return Shipped.BOOK;
    }

    private static final class Shipped {
        static final ClaimBook BOOK = read();

        private static ClaimBook read() {
            try (InputStream in = ClaimBook.class.getResourceAsStream("/sputnik/claims.json")) {
                return Json.MAPPER.readValue(in, ClaimBook.class);
            } catch (IOException e) {
                throw new IllegalStateException("the shipped claims table is unreadable", e);
            }
        }
    }

    public Claim named(String name) throws UsageException {
        return claims.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new UsageException("unknown claim '" + name
                + "'; known: " + String.join(", ", claims.stream().map(Claim::name).toList()) + " (see 'sputnik claims')"));
    }

    /**
     * The claim for this model on this suite: its name or an alias, ignoring an organisation prefix
     * ("deepseek-ai/"), case, "_" for "-", and a file's quantisation suffix ("-Q4_K_M.gguf"), so that the same model
     * served by an API, an endpoint or a GGUF file finds the same claim. Empty when none is known.
     */
    public Optional<Claim> forRun(String model, String suite) {
        if (model == null || suite == null) return Optional.empty();
        String key = key(model);
        return claims.stream()
                .filter(c -> c.suite().equals(suite))
                .filter(c -> names(c).stream().anyMatch(n -> key.equals(n) || QUANTISED.matcher(key.substring(Math.min(key.length(), n.length()))).matches()
                        && key.startsWith(n)))
                .findFirst();
    }

    /** What may follow a model's name in a file's name: a quantisation or a precision, never another model. */
    private static final Pattern QUANTISED = Pattern.compile("-(?:i?q\\d.*|f16|bf16|fp16|fp8|f32|int4|int8|awq|gptq)");

    private static List<String> names(Claim c) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(c.model()), c.aliases().stream()).map(ClaimBook::key).toList();
    }

    static String key(String model) {
        String k = model.strip();
        int slash = k.lastIndexOf('/');
        if (slash >= 0) k = k.substring(slash + 1);
        k = k.toLowerCase(Locale.ROOT).replaceFirst("\\.gguf$", "").replace('_', '-').replace(' ', '-');
        return k;
    }
}
