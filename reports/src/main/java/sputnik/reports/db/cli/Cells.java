package sputnik.reports.db.cli;

import sputnik.reports.format.Format;

/** Cell text for the db commands' tables (people) and CSV (plain numbers). */
final class Cells {
    private Cells() {}

    static String text(String s) {
        return s == null ? "" : s;
    }

    static String pct(Double v) {
        return v == null ? "-" : Format.pct(v);
    }

    static String interval(Double lo, Double hi) {
        return lo == null || hi == null ? "-" : Format.pct(lo) + " to " + Format.pct(hi);
    }

    static String plain(Double v) {
        return Format.plain(v);
    }

    /** The first 12 hex digits, as git shows a commit. */
    static String commit(String c) {
        return Format.commit(c);
    }
}
