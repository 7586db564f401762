package sputnik.datasets.grading;

import java.util.Locale;

/** Which rule found the answer, recorded in a grade's detail as "rule". Declared highest priority first. */
enum ExtractionRule {
    BOXED,
    ANSWER_PHRASE,
    /** The value of the last concluding statement in prose (for the integer graders, only when it states an integer): "so ... is X", a closing display equation. */
    CONCLUSION,
    LAST_NUMBER,
    NONE;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
