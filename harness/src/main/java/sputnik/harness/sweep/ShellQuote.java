package sputnik.harness.sweep;

import java.util.List;

/** POSIX shell quoting for the job scripts Sputnik writes: every word in single quotes, so nothing in it is expanded. */
final class ShellQuote {
    private ShellQuote() {}

    static String word(String s) {
        if (s.matches("[A-Za-z0-9_./:=@%+,-]+")) return s;
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    static String words(List<String> words) {
        return String.join(" ", words.stream().map(ShellQuote::word).toList());
    }
}
