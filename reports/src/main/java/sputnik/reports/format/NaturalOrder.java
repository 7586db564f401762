package sputnik.reports.format;

import java.util.Comparator;

/** Labels in the order people expect: numbers by value ("9" before "10", "2" before "2.5"), then the rest as text. */
public final class NaturalOrder {
    private NaturalOrder() {}

    public static final Comparator<String> LABELS = (a, b) -> {
        Double x = number(a), y = number(b);
        if (x != null && y != null) return x.compareTo(y) != 0 ? x.compareTo(y) : a.compareTo(b);
        if (x != null || y != null) return x != null ? -1 : 1;
        return a.compareTo(b);
    };

    private static Double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
