/**
 * Scoring arithmetic for a run: pass@k, majority voting (cons@k), bootstrap confidence intervals
 * and latency-style distributions.
 *
 * <p>Everything here is a pure function over plain arrays and lists, with immutable records for
 * results and nothing beyond the JDK, so the numbers a report prints can be checked against the
 * reference implementations (the HumanEval estimator, lm-evaluation-harness, numpy) in isolation.
 */
package sputnik.harness.metrics;
