package sputnik.datasets.code;

import java.util.ArrayList;
import java.util.List;
import sputnik.harness.api.Problem;

/** Typed access to a code problem's data fields; a missing field is a broken suite, said with the problem id. */
final class ProblemData {
    private ProblemData() {}

    static String string(Problem p, String key) {
        String s = optionalString(p, key);
        if (s == null) throw new IllegalArgumentException("problem " + p.id() + " has no '" + key + "' field");
        return s;
    }

    static String optionalString(Problem p, String key) {
        Object v = p.data().get(key);
        if (v == null) return null;
        if (v instanceof List<?> l) return l.isEmpty() ? null : String.join("\n", strings(p, key, l));
        String s = v.toString();
        return s.isBlank() ? null : s;
    }

    static List<String> strings(Problem p, String key) {
        Object v = p.data().get(key);
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException("problem " + p.id() + ": '" + key + "' is not a list");
        return strings(p, key, l);
    }

    private static List<String> strings(Problem p, String key, List<?> l) {
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String s)) throw new IllegalArgumentException("problem " + p.id() + ": '" + key + "' holds a non-string");
            out.add(s);
        }
        return out;
    }
}
