/** The worker pool the built-in engine's kernels run on (matrix-vector rows, experts). */
package sputnik.engines.builtin.parallel;
