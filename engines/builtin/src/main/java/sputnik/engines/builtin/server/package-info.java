/**
 * {@code sputnik serve}: the built-in engine behind an OpenAI-compatible HTTP API (the JDK's own HTTP server, one
 * virtual thread per request), with the batching {@link sputnik.engines.builtin.engine.Scheduler} serving every
 * request's sequences together.
 */
package sputnik.engines.builtin.server;
