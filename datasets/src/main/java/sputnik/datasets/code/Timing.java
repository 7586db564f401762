package sputnik.datasets.code;

import java.util.function.Supplier;
import sputnik.datasets.sandbox.Judgement;

final class Timing {
    private Timing() {}

    static TimeLimits.Timed time(Supplier<Judgement> run) {
        long t0 = System.nanoTime();
        Judgement j = run.get();
        return new TimeLimits.Timed(j, (System.nanoTime() - t0) / 1e9);
    }
}
