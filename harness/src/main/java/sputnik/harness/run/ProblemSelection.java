package sputnik.harness.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sputnik.harness.api.Problem;
import sputnik.harness.api.UsageException;

/**
 * Which of a suite's problems a run does, beyond "the first N": named ids ({@code --problems},
 * {@code --problems-file}), conditions on the problems' metadata ({@code --filter 'level=5'},
 * {@code --filter 'date>=2024-09-01'}), and a number to skip ({@code --offset}); then {@code --limit}
 * takes the first N of what is left. The suite's order is kept throughout, so a selection names the
 * same problems in the same order every time (resume, extension, shards).
 *
 * <p>A filter is {@code FIELD OP VALUE} with OP one of {@code = != >= <= > <}; FIELD is {@code id} or
 * a metadata field (MATH-500: subject, level; AIME 2025: contest, number). Two numbers compare as
 * numbers, anything else as text (ISO dates compare right as text). A problem without the field
 * fails the condition. Several filters must all hold.
 */
public record ProblemSelection(List<String> ids, Path idsFile, List<String> filters, int offset) {
    private static final Pattern FILTER = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*(!=|>=|<=|=|>|<)\\s*(.*?)\\s*$");

    public ProblemSelection {
        ids = ids == null ? List.of() : List.copyOf(ids);
        filters = filters == null ? List.of() : List.copyOf(filters);
    }

    public boolean isEmpty() {
        return ids.isEmpty() && idsFile == null && filters.isEmpty() && offset == 0;
    }

    /** What run.json records: the selection as given; null when there is none. */
    public Map<String, Object> describe() throws UsageException {
        if (isEmpty()) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> named = named();
        if (!named.isEmpty()) m.put("problems", named);
        if (!filters.isEmpty()) m.put("filter", filters);
        if (offset > 0) m.put("offset", offset);
        return m;
    }

    /** The problems of {@code all} (the suite's, in its order) that the selection keeps, in that order. */
    public List<Problem> apply(List<Problem> all, String suite) throws UsageException {
        List<Problem> out = new ArrayList<>(all);
        List<String> named = named();
        if (!named.isEmpty()) {
            Set<String> known = new LinkedHashSet<>();
            for (Problem p : all) known.add(p.id());
            List<String> unknown = named.stream().filter(id -> !known.contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw new UsageException("suite " + suite + " has no problem " + String.join(", ", unknown.subList(0, Math.min(5, unknown.size())))
                        + (unknown.size() > 5 ? " (and " + (unknown.size() - 5) + " more)" : "") + "; its ids look like " + all.getFirst().id()
                        + " (see 'sputnik suites')");
            }
            Set<String> wanted = new LinkedHashSet<>(named);
            out.removeIf(p -> !wanted.contains(p.id()));
        }
        for (String f : filters) {
            Matcher m = FILTER.matcher(f);
            if (!m.matches() || m.group(3).isEmpty()) {
                throw new UsageException("--filter '" + f + "': write FIELD OP VALUE with OP one of = != >= <= > <, e.g. 'level=5' or 'date>=2024-09-01'");
            }
            String field = m.group(1), op = m.group(2), value = unquote(m.group(3));
            if (!field.equals("id") && all.stream().noneMatch(p -> p.data().containsKey(field))) {
                Set<String> fields = new LinkedHashSet<>();
                for (Problem p : all) fields.addAll(p.data().keySet());
                fields.remove("problem");
                throw new UsageException("--filter '" + f + "': suite " + suite + "'s problems have no field '" + field + "'; they have: id"
                        + (fields.isEmpty() ? "" : ", " + String.join(", ", fields)));
            }
            out.removeIf(p -> !holds(field.equals("id") ? p.id() : p.data().get(field), op, value));
        }
        if (offset < 0) throw new UsageException("--offset must be >= 0, got " + offset);
        return offset >= out.size() ? List.of() : out.subList(offset, out.size());
    }

    private List<String> named() throws UsageException {
        List<String> out = new ArrayList<>();
        for (String s : ids) for (String id : s.split(",")) if (!id.isBlank()) out.add(id.strip());
        if (idsFile != null) {
            try {
                for (String line : Files.readAllLines(idsFile)) {
                    String l = line.strip();
                    if (!l.isEmpty() && !l.startsWith("#")) out.add(l);
                }
            } catch (IOException e) {
                throw new UsageException("--problems-file " + idsFile + " cannot be read (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\"")) ? v.substring(1, v.length() - 1) : v;
    }

    static boolean holds(Object actual, String op, String value) {
        if (actual == null) return false;
        String a = String.valueOf(actual);
        int c;
        Double x = number(a), y = number(value);
        c = x != null && y != null ? Double.compare(x, y) : a.compareTo(value);
        return switch (op) {
            case "=" -> c == 0;
            case "!=" -> c != 0;
            case ">=" -> c >= 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case "<" -> c < 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static Double number(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
