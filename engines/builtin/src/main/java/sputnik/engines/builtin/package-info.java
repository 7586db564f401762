/** {@code --engine builtin}: a pure-Java CPU engine for GGUF models (Vector API kernels, BPE tokenizer, qwen2, qwen3moe and deepseek2). */
package sputnik.engines.builtin;
