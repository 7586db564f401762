package sputnik.datasets.math;

/**
 * An answer after {@link LatexNormalizer}.
 *
 * @param math    the answer as math for {@link ExpressionParser}: delimiters, spacing, sizing commands,
 *                text wrappers, units, degree signs and percent signs dealt with
 * @param wordKey the answer as a lowercased word key ("evelyn", "c" for "\text{(C)}"), used when either
 *                side is a word answer
 * @param words   whether the answer is words rather than math ("\text{Evelyn}", "\text{(C)}", "east")
 * @param unit    the unit written after a number ("cm", "inches^2"), or null
 */
record NormalizedAnswer(String math, String wordKey, boolean words, String unit) {}
