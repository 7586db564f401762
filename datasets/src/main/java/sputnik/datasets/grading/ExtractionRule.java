package sputnik.datasets.grading;

import java.util.Locale;

/** Which rule found the answer, recorded in a grade's detail as "rule". Declared highest priority first. */
enum ExtractionRule {
    BOXED,
    ANSWER_PHRASE,
    LAST_NUMBER,
    NONE;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
