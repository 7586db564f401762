package sputnik.engines.builtin.engine;

import java.util.concurrent.locks.ReentrantLock;
import sputnik.engines.builtin.chat.ChatTemplate;
import sputnik.engines.builtin.gguf.GgufException;
import sputnik.engines.builtin.model.Session;
import sputnik.engines.builtin.parallel.WorkerPool;
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
 * The built-in engine for {@code sputnik run}: one model, one session (KV cache) and one worker pool, serving requests
 * one at a time in arrival order (a fair lock), since a decode step already uses every thread. Concurrent calls are
 * safe and wait their turn; the timings measure a request's own work from the moment it gets the model (the wait
 * before it is not counted). Chat prompts get the model's chat template; text prompts are tokenized as they are.
 * Reasoning is split off the text as the OpenAI engine splits it ({@link ThinkTags}): at the last {@code </think>};
 * when the template opened the block in the prompt (R1) and the model never closed it, the text keeps the block,
 * opening tag included, so that the grader sees the sample has no answer.
 */
final class BuiltinEngine implements Engine {
    private final LoadedModel model;
    private final WorkerPool pool;
    private final Session session;
    private final double minP;
    private final boolean think;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock(true);
    private ChatTemplate template;

    BuiltinEngine(LoadedModel model, int threads, int context, double minP, boolean think, String name) {
        this.model = model;
        this.pool = new WorkerPool(threads);
        this.session = model.model().newSession(pool, context);
        this.minP = minP;
        this.think = think;
        this.name = name;
    }

    @Override
    public Completion generate(Request request) throws EngineException, InterruptedException {
        lock.lockInterruptibly();
        try {
            int[] prompt = encode(request.prompt());
            String opener = request.prompt() instanceof Prompt.Chat ? template().thinkingOpener() : null;
            Sampling s = request.sampling();
            if (prompt.length >= session.maxContext()) {
                throw new EngineException("builtin: the prompt's " + prompt.length + " tokens do not fit the context of " + session.maxContext()
                        + " positions (--context)");
            }
            Sampler.Settings settings = new Sampler.Settings(s.temperature(), s.topK(), s.topP(), minP);
            Generator.Result r = Generator.generate(session, model.tokenizer(), prompt,
                    new Generator.Options(s.maxTokens(), false, s.stop(), settings, s.seed()), null);
            double ttft = (r.firstToken() - r.start()) / 1e6, e2e = (r.end() - r.start()) / 1e6;
            ThinkTags.Split text = ThinkTags.splitAfterPrompt(opener, r.text());
            return new Completion(text.answer(), text.reasoning(), r.finish(), prompt.length, r.tokens().length, Timings.of(ttft, e2e, r.tokens().length));
        } catch (NonFiniteLogitsException e) {
            throw new EngineException("builtin: " + name + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException | GgufException e) {
            throw new EngineException("builtin: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private int[] encode(Prompt prompt) throws EngineException {
        return switch (prompt) {
            case Prompt.Text t -> model.tokenizer().encode(t.text());
            case Prompt.Chat c -> template().encode(model.tokenizer(), c.messages(), true);
        };
    }

    private ChatTemplate template() throws EngineException {
        if (template == null) {
            try {
                template = ChatTemplate.detect(model.model().file().metadata(), model.tokenizer()).withThinking(think);
            } catch (GgufException e) {
                throw new EngineException("builtin: chat prompts need a chat template: " + e.getMessage(), e);
            }
        }
        return template;
    }

    @Override
    public String model() {
        return name;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            pool.close();
            model.close();
        } finally {
            lock.unlock();
        }
    }
}
