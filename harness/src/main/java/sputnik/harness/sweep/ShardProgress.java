package sputnik.harness.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sputnik.harness.api.UsageException;
import sputnik.harness.record.RunManifest;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.record.SampleRecords;
import sputnik.harness.run.RunDirectory;
import sputnik.harness.run.Shard;

/** How far each shard of a split run has got, read from the run directories themselves (the record), not from the scheduler. */
public final class ShardProgress {
    private ShardProgress() {}

    /**
     * @param planned samples the shard holds (null before it started: its plan is in its run.json)
     * @param done    its graded samples
     * @param status  its last session's status, or "not started"
     */
    public record Row(int index, Path dir, Integer planned, int done, String status) {
        public boolean complete() {
            return planned != null && done >= planned;
        }
    }

    public static List<Row> of(ShardLayout layout) throws IOException, UsageException {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < layout.count(); i++) {
            Path d = layout.shard(i);
            if (!Files.isRegularFile(d.resolve(RunDirectory.RUN_JSON))) {
                rows.add(new Row(i, d, null, 0, "not started"));
                continue;
            }
            RunDirectory rd = new RunDirectory(d);
            RunManifest m = rd.readManifest();
            Shard shard = new Shard(i, layout.count());
            int planned = shard.owned(String.valueOf(m.config().get("suite")), m.scope().problemIds(), m.scope().samplesPerProblem());
            int done = 0;
            for (SampleRecord r : rd.readSamples()) if (SampleRecords.graded(r) && shard.owns(r.sampleId())) done++;
            String status = m.sessions().isEmpty() ? "not started" : m.sessions().getLast().status();
            rows.add(new Row(i, d, planned, done, status));
        }
        return rows;
    }
}
