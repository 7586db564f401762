package sputnik.datasets.grading;

/** What an extraction rule found: {@code raw} is the answer text as written (null for {@link ExtractionRule#NONE}). */
record Extraction(ExtractionRule rule, String raw) {

    static final Extraction NONE = new Extraction(ExtractionRule.NONE, null);
}
