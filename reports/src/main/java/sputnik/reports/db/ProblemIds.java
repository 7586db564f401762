package sputnik.reports.db;

import java.util.Comparator;

/** Problem ids in natural order: numeric ids by value ("9" before "10"), then others as text. */
final class ProblemIds {
    private ProblemIds() {}

    static final Comparator<String> ORDER = (a, b) -> {
        boolean na = a.matches("\\d{1,18}"), nb = b.matches("\\d{1,18}");
        if (na && nb) return Long.compare(Long.parseLong(a), Long.parseLong(b));
        if (na != nb) return na ? -1 : 1;
        return a.compareTo(b);
    };
}
