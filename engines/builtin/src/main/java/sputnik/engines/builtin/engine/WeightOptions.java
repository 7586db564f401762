package sputnik.engines.builtin.engine;

import picocli.CommandLine.Option;

/** {@code --no-repack}, shared by {@code run --engine builtin}, {@code generate}, {@code bench} and {@code logits}. */
public final class WeightOptions {
    @Option(names = "--no-repack",
            description = "builtin: read every weight matrix in place from the mapped file instead of repacking Q8_0 matrices into memory"
                    + " (4 rows interleaved; done when the file fits in half of physical memory). Results are the same either way.")
    boolean noRepack;

    public boolean noRepack() {
        return noRepack;
    }
}
