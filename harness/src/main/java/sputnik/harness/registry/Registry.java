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

    /** The closest name within a small edit distance, or one the input is a prefix of. */
    Optional<String> suggest(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : names()) {
            int d = EditDistance.between(wanted, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        if (best == null) return Optional.empty();
        int allowed = Math.max(1, Math.min(3, best.length() / 3));
        if (bestDistance <= allowed || (wanted.length() >= 2 && best.toLowerCase(Locale.ROOT).startsWith(wanted))) {
            return Optional.of(best);
        }
        return Optional.empty();
    }
}
