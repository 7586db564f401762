package sputnik.harness.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import sputnik.harness.api.UsageException;

/**
 * Things of one kind (engines, suites, graders) by short name. Unknown names fail with the valid
 * names and, when one is close, a "did you mean": typos on the command line are the common case.
 */
public final class Registry<T> {
    private final String kind;
    private final List<Named<T>> entries;

    public Registry(String kind, List<Named<T>> entries) {
        this.kind = kind;
        List<Named<T>> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Named::name));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalStateException("two " + kind + "s are named '" + sorted.get(i).name() + "'");
            }
        }
        this.entries = List.copyOf(sorted);
    }

    public List<Named<T>> entries() {
        return entries;
    }

    public List<String> names() {
        return entries.stream().map(Named::name).toList();
    }

    public Optional<T> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).map(Named::value).findFirst();
    }

    public T get(String name) throws UsageException {
        Optional<T> found = find(name);
        if (found.isPresent()) return found.get();
        StringBuilder msg = new StringBuilder("unknown " + kind + " '" + name + "'");
        suggest(name).ifPresent(s -> msg.append("; did you mean '").append(s).append("'?"));
        msg.append(names().isEmpty() ? "; none is installed" : "; valid: " + String.join(", ", names()));
        throw new UsageException(msg.toString());
    }

    /**
     * The closest name within a small edit distance, else the only name the input is a prefix of.
     * The prefix is checked against every name, not just the closest: "aime" is nearer to "arith" by
     * edits than to "aime2024", yet only "aime2024" starts with it. An ambiguous prefix suggests nothing.
     */
    Optional<String> suggest(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        List<String> prefixed = new ArrayList<>();
        for (String candidate : names()) {
            String lower = candidate.toLowerCase(Locale.ROOT);
            int d = EditDistance.between(wanted, lower);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
            if (wanted.length() >= 2 && lower.startsWith(wanted)) prefixed.add(candidate);
        }
        if (best == null) return Optional.empty();
        int allowed = Math.max(1, Math.min(3, best.length() / 3));
        if (bestDistance <= allowed) return Optional.of(best);
        if (prefixed.size() == 1) return Optional.of(prefixed.getFirst());
        return Optional.empty();
    }
}
