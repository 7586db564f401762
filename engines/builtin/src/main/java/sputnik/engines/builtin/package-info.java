/** {@code --engine builtin}: a pure-Java CPU engine for GGUF models (Vector API kernels, BPE tokenizer, qwen2 and qwen3moe). */
package sputnik.engines.builtin;
