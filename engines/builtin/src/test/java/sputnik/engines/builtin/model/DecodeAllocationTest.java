package sputnik.engines.builtin.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sputnik.engines.builtin.SharedModels;
import sputnik.engines.builtin.TestPools;
import sputnik.engines.builtin.architectures.Models;
import sputnik.engines.builtin.gguf.GgufFile;
import sputnik.engines.builtin.sampling.Sampler;

/**
 * Once compiled, a decode step and a draw allocate nothing on the decoding thread. Run in a JVM of its own (its own
 * surefire execution, as a server runs one model): in the JVM of the whole suite, after other tests have run the
 * kernels with other shapes, types and models, C2 may leave some vector code to C1 for minutes (recompilations, a
 * full queue on one compiler thread), and C1 boxes every vector; that says nothing about decoding one model.
 */
class DecodeAllocationTest {
    @Test
    void decodingAndSamplingAllocateNothingOnceCompiled() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (DecoderModel model = Models.load(GgufFile.open(SharedModels.model("tiny-qwen3moe-q8_0")))) {
            Session s = model.newSession(TestPools.TWO, 512);
            s.reserve(512);
            var sampler = new Sampler(model.hyperparameters().vocab(), new Sampler.Settings(0.7, 0, 0.95, 0.01), 1);
            int token = 1;
            long least = Long.MAX_VALUE;
            // the first rounds run in the interpreter and C1, which box vectors; C2 removes every allocation
            for (int round = 0; round < 60 && least > 0; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 100; i++) {
                    if (s.position() == s.maxContext()) s.reset();
                    s.forward(token, true);
                    token = sampler.sample(s.logits());
                }
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertThat(least).as("bytes allocated by 100 decode steps and draws, at best").isZero();
        }
    }
}
