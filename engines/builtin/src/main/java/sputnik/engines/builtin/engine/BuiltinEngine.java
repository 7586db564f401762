package sputnik.engines.builtin.engine;

import sputnik.engines.builtin.chat.ChatTemplate;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.sampling.Sampler;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineException;
import sputnik.harness.api.Prompt;
import sputnik.harness.api.Request;
import sputnik.harness.api.Sampling;
import sputnik.harness.api.Timings;
import sputnik.harness.util.ThinkTags;

/**
 * The built-in engine for {@code sputnik run}: one model and one {@link Scheduler}, which batches the requests of every
 * calling thread ({@code run --concurrency N}) into shared forward passes and lets the samples of one problem share
 * their prompt's KV pages. A request's result does not depend on what it was batched with. The timings run from the
 * call: queueing for a place in the batch counts towards TTFT, as a client of a server sees it. Chat prompts get the model's chat template; text prompts are tokenized as they are.
 * Reasoning is split off the text as the OpenAI engine splits it ({@link ThinkTags}): at the last {@code </think>};
 * when the template opened the block in the prompt (R1) and the model never closed it, the text keeps the block,
 * opening tag included, so that the grader sees the sample has no answer.
 */
final class BuiltinEngine implements Engine {
    private final LoadedModel model;
    private final Scheduler scheduler;
    private final double minP;
    private final boolean think;
    private final String name;
    private final ModelChatTemplate template;

    /** {@code template}: the chat template to use ({@code --chat-template}), or null for the model's own. */
    BuiltinEngine(LoadedModel model, Scheduler.Config config, double minP, boolean think, String name, ChatTemplate template) {
        this.model = model;
        this.template = new ModelChatTemplate(model, template);
        this.scheduler = new Scheduler(model.model(), model.tokenizer(), config, true);
        this.minP = minP;
        this.think = think;
        this.name = name;
    }

    /** What the scheduler did so far (prompt tokens shared, passes, batch sizes). */
    Scheduler.Stats stats() {
        return scheduler.stats();
    }

    @Override
    public Completion generate(Request request) throws EngineException, InterruptedException {
        try {
            int[] prompt = encode(request.prompt());
            String opener = request.prompt() instanceof Prompt.Chat ? template().thinkingOpener() : null;
            Sampling s = request.sampling();
            int context = scheduler.config().maxContext();
            if (prompt.length >= context) {
                throw new EngineException("builtin: the prompt's " + prompt.length + " tokens do not fit the context of " + context + " positions (--context)");
            }
            Sampler.Settings settings = new Sampler.Settings(s.temperature(), s.topK(), s.topP(), minP);
            Generator.Result r = scheduler.generate(prompt, new Generator.Options(s.maxTokens(), false, s.stop(), settings, s.seed()), null);
            double ttft = (r.firstToken() - r.start()) / 1e6, e2e = (r.end() - r.start()) / 1e6;
            ThinkTags.Split text = ThinkTags.splitAfterPrompt(opener, r.text());
            return new Completion(text.answer(), text.reasoning(), r.finish(), prompt.length, r.tokens().length, Timings.of(ttft, e2e, r.tokens().length));
        } catch (NonFiniteLogitsException e) {
            throw new EngineException("builtin: " + name + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException | GgufException e) {
            throw new EngineException("builtin: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.Optional<String> renderPrompt(Prompt prompt) throws EngineException {
        return java.util.Optional.of(switch (prompt) {
            case Prompt.Text t -> t.text();
            case Prompt.Chat c -> template().render(c.messages(), true);
        });
    }

    private int[] encode(Prompt prompt) throws EngineException {
        return switch (prompt) {
            case Prompt.Text t -> model.tokenizer().encode(t.text());
            case Prompt.Chat c -> template().encode(model.tokenizer(), c.messages(), true);
        };
    }

    private ChatTemplate template() throws EngineException {
        try {
            return template.get().withThinking(think);
        } catch (GgufException e) {
            throw new EngineException("builtin: chat prompts need a chat template: " + e.getMessage(), e);
        }
    }

    @Override
    public String model() {
        return name;
    }

    @Override
    public void close() {
        Scheduler.Stats st = scheduler.stats();
        scheduler.close();
        model.close();
        if (st.promptTokens() > 0) {
            // what batching and prefix sharing did for this run: on stderr, beside the run's own progress lines
            System.err.printf(java.util.Locale.ROOT, "sputnik: builtin: %d prompt tokens, %d computed and %d (%.0f%%) shared from prompts computed"
                    + " before (prefix cache); %d forward passes of %.1f tokens on average; at most %d sequences at once%n", st.promptTokens(),
                    st.promptTokensComputed(), st.promptTokensShared(), 100.0 * st.promptTokensShared() / st.promptTokens(), st.passes(),
                    st.tokensPerPass(), st.mostActive());
            if (st.moeLayers() > 0) System.err.println("sputnik: builtin: " + RoutingStats.describe(st));
        }
    }
}
