package sputnik.datasets.grading;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole numbers written as words at the start of a stated answer ("the answer is three boxes contain
 * neither...", "so there are twelve"), for answers stated in prose when the reference is an integer.
 * Zero to ninety-nine only, one or two words ("twenty-one", "twenty one"): a longer number in words
 * ("two hundred four") is rare as an answer and easy to misread, and is left alone. A fraction word after
 * the number ("one half", "two thirds") makes it no whole number. Inside a box the words are text the
 * model chose to write as the answer, so callers use this for prose statements only.
 */
final class WordNumbers {
    private WordNumbers() {}

    private static final Map<String, Integer> UNITS = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
            Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9),
            Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13),
            Map.entry("fourteen", 14), Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
            Map.entry("eighteen", 18), Map.entry("nineteen", 19));

    private static final Map<String, Integer> TENS = Map.of(
            "twenty", 20, "thirty", 30, "forty", 40, "fifty", 50, "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);

    private static final Set<String> FRACTIONS = Set.of(
            "half", "halves", "third", "thirds", "quarter", "quarters", "fourth", "fourths", "fifth", "fifths", "sixth", "sixths",
            "seventh", "sevenths", "eighth", "eighths", "ninth", "ninths", "tenth", "tenths", "hundred", "hundreds",
            "thousand", "thousands", "million", "point", "over", "and");

    /** "one" as a pronoun: "one of them", "one that works", "one we found". */
    private static final Set<String> PRONOUN_ONE = Set.of("of", "that", "which", "we", "where", "who", "such", "another", "more", "less");

    /** Leading words, markdown emphasis and a "$" left aside: "**three**", "three." */
    private static final Pattern LEADING = Pattern.compile(
            "^[*_\\s]*([A-Za-z]+)(?:[-\\s]+([A-Za-z]+))?(?:[-\\s]+([A-Za-z]+))?");

    /**
     * The whole number the text starts with, when it is written in words and followed by nothing, by
     * punctuation, or by ordinary words ("three boxes"); empty otherwise.
     */
    static Optional<Integer> leading(String text) {
        if (text == null) return Optional.empty();
        Matcher m = LEADING.matcher(text);
        if (!m.find()) return Optional.empty();
        String first = lower(m.group(1)), second = lower(m.group(2)), third = lower(m.group(3));
        Integer value;
        String next;
        int end;
        if (TENS.containsKey(first) && second != null && UNITS.containsKey(second) && UNITS.get(second) >= 1 && UNITS.get(second) <= 9) {
            value = TENS.get(first) + UNITS.get(second);
            next = third;
            end = m.end(2);
        } else {
            value = TENS.containsKey(first) ? TENS.get(first) : UNITS.get(first);
            next = second;
            end = m.end(1);
        }
        if (value == null) return Optional.empty();
        if (value == 1 && next != null && PRONOUN_ONE.contains(next)) return Optional.empty(); // "one of the roots"
        if (next != null && (FRACTIONS.contains(next) || UNITS.containsKey(next) || TENS.containsKey(next))) return Optional.empty();
        String rest = text.substring(end);
        if (rest.chars().anyMatch(Character::isDigit)) return Optional.empty(); // "three 3s", "two 1/2": not a plain number
        return Optional.of(value);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
