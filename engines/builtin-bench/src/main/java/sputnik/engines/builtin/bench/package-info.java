/** JMH benchmarks of the built-in engine's kernels, probes of the machine's limits, and {@code sputnik kernels}, which runs them. */
package sputnik.engines.builtin.bench;
