package sputnik.engines.builtin.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import sputnik.engines.builtin.engine.Generator;
import sputnik.engines.builtin.engine.Scheduler;
import sputnik.engines.builtin.sampling.Sampler;
import sputnik.harness.util.Json;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}. A request's sequences (its prompts times
 * {@code n}) join the scheduler's batch together; the samples of one prompt share its KV pages (the prefix cache).
 * The scheduler thread only hands each token to the request's queue; this request's own thread turns tokens into
 * chunks and writes them, so a slow client never slows the batch. A write that fails (the client went away) cancels
 * the request's sequences, which leave the batch before the next forward pass.
 */
final class CompletionEndpoint implements HttpHandler {
    /** How long a stream may stay silent before a keep-alive comment goes out. */
    static final long KEEP_ALIVE_MS = 1000;

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OpenAiServer server;
    private final boolean chat;

    CompletionEndpoint(OpenAiServer server, boolean chat) {
        this.server = server;
        this.chat = chat;
    }

    /** What the scheduler's thread hands over: a token of a choice, or the choice's end. */
    private sealed interface Event {}

    private record Piece(int choice, int id, String text, Generator.TokenLogprobs logprobs) implements Event {}

    private record Ended(int choice, Generator.Result result, Throwable failure) implements Event {}

    /** The prompt's log-probabilities ({@code echo} with {@code logprobs}), before the choice's first token. */
    private record PromptScored(int choice, Generator.TokenLogprobs[] logprobs) implements Event {}

    /**
     * A prompt ready to run: its tokens, the text echoed for {@code echo} (null without), where each token's text starts
     * in it (for echoed log-probabilities), and the thinking opener the template wrote.
     */
    private record Prepared(int[] tokens, String echo, int[] offsets, String opener) {}

    @Override
    public void handle(HttpExchange ex) throws IOException {
        long arrival = System.nanoTime();
        int status;
        try {
            status = serve(ex, arrival);
        } catch (ApiError e) {
            server.metricsRegistry().rejected(e.code != null ? e.code : String.valueOf(e.status));
            server.error(ex, e);
            status = e.status;
        } catch (RuntimeException e) {
            server.respond(ex, 500, ApiError.body("server_error", "The server failed: " + e, null, null));
            status = 500;
        }
        server.metricsRegistry().answered(chat ? "chat" : "completions", status);
    }

    private int serve(HttpExchange ex, long arrival) throws IOException, ApiError {
        if (!ex.getRequestMethod().equals("POST")) throw OpenAiServer.methodNotAllowed(ex, "POST");
        server.authorize(ex);
        ServedModel model = server.model();
        if (server.draining()) throw new ApiError(503, "server_error", "The server is shutting down.", null, "server_shutdown");
        if (model == null) throw new ApiError(503, "server_error", "The model is still loading; retry when /health answers 200.", null, "model_loading");
        CompletionRequest req = RequestParser.parse(server.body(ex), chat);
        if (!server.serves(req.model())) {
            throw new ApiError(404, "invalid_request_error", "The model '" + req.model() + "' does not exist; this server serves '"
                    + server.settings().alias() + "'.", "model", "model_not_found");
        }
        List<Prepared> prompts = prepare(model, req);
        int sequences = req.sequences();
        int capacity = model.scheduler().config().maxBatch() + server.settings().queueLimit();
        if (sequences > capacity) {
            throw ApiError.invalid("n", "This request's " + sequences + " sequences exceed what the server holds at once (" + capacity
                    + ": --max-batch plus --max-queue).");
        }
        if (!server.admission().tryAcquire(sequences)) {
            throw new ApiError(429, "rate_limit_error", "The server is busy: its batch and queue are full. Retry after the time in Retry-After.",
                    null, "rate_limit_exceeded");
        }
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Scheduler.Handle[] handles = submit(model, req, prompts, events);
        int promptTokens = 0;
        for (Prepared p : prompts) promptTokens += p.tokens().length;
        server.metricsRegistry().admitted(promptTokens);
        String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        ex.getResponseHeaders().set("X-Request-Id", id);
        WireFormat wire = new WireFormat(id, System.currentTimeMillis() / 1000, server.settings().alias(), chat, model.tokenizer());
        ChoiceStream[] streams = new ChoiceStream[handles.length];
        for (int i = 0; i < streams.length; i++) {
            boolean split = chat && server.settings().reasoning() == OpenAiServer.ReasoningFormat.DEEPSEEK;
            Prepared p = prompts.get(i / req.n());
            streams[i] = new ChoiceStream(req.stop(), split ? new ReasoningSplitter(p.opener() != null) : null, p.echo() == null ? 0 : p.echo().length());
        }
        Run run = new Run(req, prompts, handles, streams, events, wire, arrival, promptTokens);
        return req.stream() ? run.stream(ex) : run.whole(ex);
    }

    private List<Prepared> prepare(ServedModel model, CompletionRequest req) throws ApiError {
        List<Prepared> out = new ArrayList<>();
        int vocab = model.tokenizer().size();
        if (chat) {
            ServedModel.ChatPrompt p = model.chat(req.messages(), req.enableThinking());
            out.add(new Prepared(p.tokens(), null, null, p.thinkingOpener()));
        } else {
            for (int i = 0; i < req.prompts().size(); i++) {
                CompletionRequest.PromptInput in = req.prompts().get(i);
                int[] tokens = in.text() != null ? model.text(in.text()) : in.tokens();
                for (int t : tokens) {
                    if (t >= vocab) throw ApiError.invalid("prompt", "Token id " + t + " is out of the vocabulary (" + vocab + " tokens).", "invalid_value");
                }
                if (req.echo() && req.logprobs() >= 0) {
                    // the echo is the tokens' own text, so that each token's offset points into it
                    sputnik.engines.builtin.tokenizer.TokenDecoder d = model.tokenizer().decoder(false);
                    StringBuilder echo = new StringBuilder();
                    int[] offsets = new int[tokens.length];
                    for (int t = 0; t < tokens.length; t++) {
                        offsets[t] = echo.length();
                        echo.append(d.push(tokens[t]));
                    }
                    echo.append(d.flush());
                    out.add(new Prepared(tokens, echo.toString(), offsets, null));
                } else {
                    String echo = !req.echo() ? null : in.text() != null ? in.text() : model.tokenizer().decode(tokens);
                    out.add(new Prepared(tokens, echo, null, null));
                }
            }
        }
        for (int id : req.logitBias().keySet()) {
            if (id >= vocab) throw ApiError.invalid("logit_bias", "Token id " + id + " in 'logit_bias' is out of the vocabulary (" + vocab + " tokens).", "invalid_value");
        }
        int context = model.context();
        for (Prepared p : out) {
            if (p.tokens().length == 0) throw ApiError.invalid(chat ? "messages" : "prompt", "The prompt has no tokens.", "empty_prompt");
            if (p.tokens().length >= context) {
                throw ApiError.invalid(chat ? "messages" : "prompt", "This model's maximum context length is " + context + " tokens. However, your "
                        + (chat ? "messages" : "prompt") + " resulted in " + p.tokens().length + " tokens, which leaves no room for a completion.",
                        "context_length_exceeded");
            }
        }
        return out;
    }

    /** Submits every sequence; on a refusal the ones submitted are cancelled and every permit goes back. */
    private Scheduler.Handle[] submit(ServedModel model, CompletionRequest req, List<Prepared> prompts, BlockingQueue<Event> events) throws ApiError {
        int n = req.n(), total = prompts.size() * n;
        Scheduler.Handle[] handles = new Scheduler.Handle[total];
        long seed = req.seed() != null ? req.seed() : ThreadLocalRandom.current().nextLong();
        Sampler.Settings sampling = new Sampler.Settings(req.temperature(), req.topK(), req.topP(), req.minP());
        int submitted = 0;
        try {
            for (int i = 0; i < total; i++) {
                int[] tokens = prompts.get(i / n).tokens();
                int room = model.context() - tokens.length;
                int max = req.maxTokens() == null ? room : Math.min(req.maxTokens(), room); // past the context it ends as length, as the engine does
                int promptLogprobs = !chat && req.echo() && req.logprobs() >= 0 ? req.logprobs() : -1;
                // choice i draws with seed + i: one request's choices differ, and choice 0 is what the same request with n = 1 gives
                Generator.Options options = new Generator.Options(max, req.ignoreEos(), req.stop(), sampling, seed + i, req.logprobs(), req.logitBias(),
                        promptLogprobs);
                int choice = i;
                handles[i] = model.scheduler().submit(tokens, options, new Generator.Listener() {
                    @Override
                    public void token(int id, String text) {
                        events.add(new Piece(choice, id, text, null));
                    }

                    @Override
                    public void token(int id, String text, Generator.TokenLogprobs logprobs) {
                        events.add(new Piece(choice, id, text, logprobs));
                    }

                    @Override
                    public void prompt(Generator.TokenLogprobs[] logprobs) {
                        events.add(new PromptScored(choice, logprobs));
                    }
                });
                submitted++;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            for (int i = 0; i < submitted; i++) handles[i].cancel();
            server.admission().release(total); // the cancelled ones never got a waiter
            if (e instanceof IllegalStateException) throw new ApiError(503, "server_error", "The server is shutting down.", null, "server_shutdown");
            throw ApiError.invalid(chat ? "messages" : "prompt", e.getMessage(), "context_length_exceeded");
        }
        for (int i = 0; i < total; i++) {
            Scheduler.Handle h = handles[i];
            int choice = i;
            server.track(h);
            Thread.ofVirtual().name("sputnik-await").start(() -> {
                try {
                    events.add(new Ended(choice, h.await(), null));
                } catch (Throwable t) {
                    events.add(new Ended(choice, null, t));
                } finally {
                    server.untrack(h);
                    server.admission().release();
                }
            });
        }
        return handles;
    }

    /** One admitted request, from its first token to its response. */
    private final class Run {
        final CompletionRequest req;
        final List<Prepared> prompts;
        final Scheduler.Handle[] handles;
        final ChoiceStream[] streams;
        final BlockingQueue<Event> events;
        final WireFormat wire;
        final long arrival;
        final int promptTokens;
        final Generator.Result[] results;

        Run(CompletionRequest req, List<Prepared> prompts, Scheduler.Handle[] handles, ChoiceStream[] streams, BlockingQueue<Event> events,
                WireFormat wire, long arrival, int promptTokens) {
            this.req = req;
            this.prompts = prompts;
            this.handles = handles;
            this.streams = streams;
            this.events = events;
            this.wire = wire;
            this.arrival = arrival;
            this.promptTokens = promptTokens;
            this.results = new Generator.Result[handles.length];
        }

        String echo(int choice) {
            String e = prompts.get(choice / req.n()).echo();
            return e == null ? "" : e;
        }

        /** Whether choice {@code c} echoes its prompt with log-probabilities (its echo then waits for them). */
        boolean scoresPrompt(int c) {
            return prompts.get(c / req.n()).offsets() != null;
        }

        /** The echoed prompt's tokens with their log-probabilities, for choice {@code c}. */
        List<ChoiceStream.TokenEntry> promptEntries(int c, Generator.TokenLogprobs[] lps) {
            Prepared p = prompts.get(c / req.n());
            List<ChoiceStream.TokenEntry> out = new ArrayList<>(p.tokens().length);
            for (int t = 0; t < p.tokens().length; t++) out.add(new ChoiceStream.TokenEntry(p.tokens()[t], lps[t], p.offsets()[t]));
            return out;
        }

        int completionTokens() {
            int t = 0;
            for (Generator.Result r : results) if (r != null) t += r.tokens().length;
            return t;
        }

        void cancelAll() {
            for (Scheduler.Handle h : handles) h.cancel();
        }

        void record(Generator.Result r) {
            int n = r.tokens().length;
            double tpot = n < 2 ? Double.NaN : (r.end() - r.firstToken()) / 1e9 / (n - 1);
            server.metricsRegistry().sequence(n, (r.firstToken() - arrival) / 1e9, tpot, (r.end() - arrival) / 1e9);
        }

        /** The next event; an interrupted wait (the server stopping hard) cancels the request. */
        Event next() throws InterruptedException {
            return events.take();
        }

        /**
         * The next event of a stream. While none comes (the request waits in the queue, or a long prompt is computed) an
         * SSE comment goes out every {@link #KEEP_ALIVE_MS}, which clients ignore: a client that has gone away is then
         * noticed, and its sequences cancelled, before they take a place in the batch.
         */
        Event next(OutputStream out) throws InterruptedException, IOException {
            while (true) {
                Event e = events.poll(KEEP_ALIVE_MS, TimeUnit.MILLISECONDS);
                if (e != null) return e;
                out.write(KEEP_ALIVE);
                out.flush();
            }
        }

        int whole(HttpExchange ex) throws IOException {
            int ended = 0;
            try {
                while (ended < handles.length) {
                    Event e = next();
                    switch (e) {
                        case Piece p -> streams[p.choice()].token(p.id(), p.text(), p.logprobs());
                        case PromptScored s -> streams[s.choice()].prompt(promptEntries(s.choice(), s.logprobs()));
                        case Ended d -> {
                            ended++;
                            if (d.failure() != null) {
                                cancelAll();
                                ApiError err = failure(d.failure());
                                server.error(ex, err);
                                return err.status;
                            }
                            results[d.choice()] = d.result();
                            streams[d.choice()].finish(d.result().text());
                            record(d.result());
                        }
                    }
                }
            } catch (InterruptedException e) {
                cancelAll();
                Thread.currentThread().interrupt();
                server.error(ex, new ApiError(503, "server_error", "The server is shutting down.", null, "server_shutdown"));
                return 503;
            }
            List<WireFormat.Choice> choices = new ArrayList<>();
            for (int i = 0; i < handles.length; i++) {
                ChoiceStream s = streams[i];
                String echo = echo(i);
                choices.add(new WireFormat.Choice(i, s.reasoning(), echo + s.content(), results[i].finish().wire(), s.tokens()));
            }
            server.respond(ex, 200, wire.whole(choices, new WireFormat.Usage(promptTokens, completionTokens()), req.logprobs()));
            return 200;
        }

        int stream(HttpExchange ex) throws IOException {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            int ended = 0;
            try (ex) {
                for (int i = 0; i < handles.length; i++) {
                    if (chat) send(out, wire.chunk(i, new ChoiceStream.Delta("", "", List.of()), true, null, -1));
                    else if (!echo(i).isEmpty() && !scoresPrompt(i)) send(out, wire.chunk(i, new ChoiceStream.Delta("", echo(i), List.of()), false, null, -1));
                }
                while (ended < handles.length) {
                    Event e = next(out);
                    switch (e) {
                        case Piece p -> {
                            ChoiceStream.Delta d = streams[p.choice()].token(p.id(), p.text(), p.logprobs());
                            if (!d.isEmpty()) send(out, wire.chunk(p.choice(), d, false, null, req.logprobs()));
                        }
                        case PromptScored s -> // the echo, now that its log-probabilities are known
                                send(out, wire.chunk(s.choice(), new ChoiceStream.Delta("", echo(s.choice()), promptEntries(s.choice(), s.logprobs())), false,
                                        null, req.logprobs()));
                        case Ended d -> {
                            ended++;
                            if (d.failure() != null) {
                                cancelAll();
                                ApiError err = failure(d.failure());
                                send(out, err.body()); // mid-stream, as vLLM reports a failed generation
                                return err.status;
                            }
                            int c = d.choice();
                            results[c] = d.result();
                            record(d.result());
                            ChoiceStream.Delta rest = streams[c].finish(d.result().text());
                            if (!rest.isEmpty()) send(out, wire.chunk(c, rest, false, null, req.logprobs()));
                            send(out, wire.chunk(c, new ChoiceStream.Delta("", "", List.of()), false, d.result().finish().wire(), -1));
                        }
                    }
                }
                if (req.includeUsage()) send(out, wire.usageChunk(new WireFormat.Usage(promptTokens, completionTokens())));
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return 200;
            } catch (IOException e) {
                // the client went away: its sequences leave the batch before the next pass
                int cancelled = 0;
                for (Scheduler.Handle h : handles) {
                    if (!h.done()) cancelled++;
                    h.cancel();
                }
                for (int i = 0; i < cancelled; i++) server.metricsRegistry().cancelled("client_disconnected");
                return 499; // nginx's "client closed request", for the metrics
            } catch (InterruptedException e) {
                cancelAll();
                Thread.currentThread().interrupt();
                return 503;
            }
        }

        private ApiError failure(Throwable t) {
            if (t instanceof CancellationException) {
                server.metricsRegistry().cancelled("shutdown");
                return new ApiError(503, "server_error", "The server is shutting down: the generation was cancelled after its grace period.", null,
                        "server_shutdown");
            }
            return new ApiError(500, "server_error", "The generation failed: " + t.getMessage(), null, "generation_failed");
        }
    }

    private static void send(OutputStream out, ObjectNode chunk) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(Json.MAPPER.writeValueAsBytes(chunk));
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
