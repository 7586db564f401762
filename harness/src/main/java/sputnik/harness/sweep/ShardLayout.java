package sputnik.harness.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run split over a scheduler keeps its parts, under one directory: {@code shards/I-of-N} (each
 * shard's run directory), {@code run} (the merged run), and {@code jobs/} (the job scripts, their logs
 * and what was submitted).
 */
public record ShardLayout(Path dir, int count) {
    public Path shard(int index) {
        return dir.resolve("shards").resolve(index + "-of-" + count);
    }

    /** The shard directory as a job script names it, with the index left to the scheduler's variable. */
    public String shardPattern(String indexVariable) {
        return dir.resolve("shards") + "/${" + indexVariable + "}-of-" + count;
    }

    public List<Path> shards() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(shard(i));
        return out;
    }

    public Path merged() {
        return dir.resolve("run");
    }

    public Path jobs() {
        return dir.resolve("jobs");
    }
}
