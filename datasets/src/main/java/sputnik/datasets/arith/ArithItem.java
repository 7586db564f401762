package sputnik.datasets.arith;

/** One generated arithmetic problem before it is turned into a {@link sputnik.harness.api.Problem}. */
record ArithItem(String id, String question, long answer) {}
