/** {@code --engine openai}: any OpenAI-compatible endpoint (vLLM, SGLang, llama.cpp server, hosted APIs), and {@code sputnik loadtest}. */
package sputnik.engines.openai;
