package sputnik.harness.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import sputnik.harness.api.UsageException;

/**
 * One of N parts of a run, for spreading it over machines (Slurm array tasks, Kubernetes Indexed Jobs,
 * CI matrix legs). A sample belongs to shard {@code SHA-256(sample id) mod N}: decided by its own id
 * alone, so a shard keeps its samples when the run grows (more --samples, a larger --limit), the N
 * shards together hold every sample exactly once, and the assignment is the same on every machine and
 * every version. Shards are separate run directories, put together by {@code sputnik merge}.
 *
 * @param index 0-based, below {@code count}
 */
public record Shard(int index, int count) {
    /** Where {@code --shard auto/N} finds its index: Slurm's array task id, then a Kubernetes Indexed Job's completion index. */
    public static final java.util.List<String> INDEX_VARIABLES = java.util.List.of("SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX");

    public Shard {
        if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("shard " + index + "/" + count);
    }

    /** "I/N" or "auto/N" (the index from the scheduler's environment); null for none. */
    public static Shard parse(String spec, Map<String, String> env) throws UsageException {
        if (spec == null) return null;
        String[] parts = spec.split("/", -1);
        if (parts.length != 2 || !parts[1].matches("\\d{1,6}") || Integer.parseInt(parts[1]) < 1) {
            throw new UsageException("--shard " + spec + ": give I/N with 0 <= I < N (e.g. 3/8), or auto/N to take I from $"
                    + String.join(" or $", INDEX_VARIABLES));
        }
        int count = Integer.parseInt(parts[1]);
        String index = parts[0];
        String from = "--shard";
        if (index.equals("auto")) {
            index = null;
            for (String v : INDEX_VARIABLES) {
                if (env.get(v) != null && !env.get(v).isBlank()) {
                    index = env.get(v).strip();
                    from = "$" + v;
                    break;
                }
            }
            if (index == null) {
                throw new UsageException("--shard auto/" + count + ": neither $" + String.join(" nor $", INDEX_VARIABLES)
                        + " is set; run it as an array task, or give the index: --shard I/" + count);
            }
        }
        if (!index.matches("\\d{1,6}") || Integer.parseInt(index) >= count) {
            throw new UsageException(from + " gives shard index " + index + ", which is not in 0.." + (count - 1) + " for --shard .../" + count);
        }
        return new Shard(Integer.parseInt(index), count);
    }

    /** The shard a sample belongs to when a run is split in {@code count}. */
    public static int of(String sampleId, int count) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sampleId.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xff);
            return (int) Long.remainderUnsigned(v, count);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean owns(String sampleId) {
        return of(sampleId, count) == index;
    }

    /** How many of a plan's samples (its problems x k samples of {@code suite}) this shard holds. */
    public int owned(String suite, java.util.List<String> problemIds, int k) {
        int n = 0;
        for (String p : problemIds) for (int i = 0; i < k; i++) if (owns(SampleIds.id(suite, p, i))) n++;
        return n;
    }

    /** As run.json and the flag write it: "I/N". */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
