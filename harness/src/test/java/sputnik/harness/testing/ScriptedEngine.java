package sputnik.harness.testing;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import sputnik.harness.api.Completion;
import sputnik.harness.api.Engine;
import sputnik.harness.api.EngineException;
import sputnik.harness.api.FinishReason;
import sputnik.harness.api.Request;
import sputnik.harness.api.Timings;

/**
 * A test engine that answers with a function of the request, records every request it saw and the
 * most requests it had in flight at once, and can be told to fail or hang for chosen samples.
 */
public final class ScriptedEngine implements Engine {
    private final Function<Request, String> answer;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public final ConcurrentHashMap<String, Integer> failuresLeft = new ConcurrentHashMap<>();
    public final ConcurrentHashMap<String, Long> sleepMs = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();
    public volatile long defaultSleepMs;

    public ScriptedEngine(Function<Request, String> answer) {
        this.answer = answer;
    }

    @Override
    public Completion generate(Request r) throws EngineException, InterruptedException {
        requests.add(r);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            long sleep = sleepMs.getOrDefault(r.sampleId(), defaultSleepMs);
            if (sleep > 0) Thread.sleep(sleep);
            Integer left = failuresLeft.computeIfPresent(r.sampleId(), (k, v) -> v - 1);
            if (left != null && left >= 0) throw new EngineException("injected failure for " + r.sampleId());
            String text = answer.apply(r);
            return new Completion(text, null, FinishReason.STOP, 10, text.length(), Timings.of(1, 1 + text.length(), text.length()));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public String model() {
        return "scripted";
    }
}
