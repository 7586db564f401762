package sputnik.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.api.UsageException;

class ShardTest {
    @Test
    void everySampleBelongsToExactlyOneShardAndTheyAreEven() {
        for (int n = 1; n <= 9; n++) {
            int[] counts = new int[n];
            for (int p = 0; p < 500; p++) {
                for (int i = 0; i < 8; i++) {
                    String id = SampleIds.id("math500", "test/p" + p + ".json", i);
                    int owners = 0;
                    for (int s = 0; s < n; s++) if (new Shard(s, n).owns(id)) owners++;
                    assertThat(owners).isEqualTo(1);
                    counts[Shard.of(id, n)]++;
                }
            }
            for (int c : counts) assertThat(c).isBetween(4000 / n - 4000 / n / 5 - 10, 4000 / n + 4000 / n / 5 + 10);
        }
    }

    /** The assignment is part of the on-disk format: a shard started by one version is finished by the next. */
    @Test
    void theAssignmentIsPinned() {
        assertThat(Shard.of("aime2024:60#0", 8)).isEqualTo(2);
        assertThat(Shard.of("math500:test/algebra/1.json#3", 8)).isEqualTo(4);
        assertThat(Shard.of("arith:arith-000#2", 1000)).isEqualTo(594);
    }

    @Test
    void theFlagTakesAnIndexOrTheSchedulersOne() throws Exception {
        assertThat(Shard.parse("3/8", Map.of())).isEqualTo(new Shard(3, 8));
        assertThat(Shard.parse("auto/8", Map.of("SLURM_ARRAY_TASK_ID", "5"))).isEqualTo(new Shard(5, 8));
        assertThat(Shard.parse("auto/8", Map.of("JOB_COMPLETION_INDEX", "7"))).isEqualTo(new Shard(7, 8));
        assertThat(Shard.parse(null, Map.of())).isNull();
        assertThatThrownBy(() -> Shard.parse("8/8", Map.of())).isInstanceOf(UsageException.class).hasMessageContaining("not in 0..7");
        assertThatThrownBy(() -> Shard.parse("auto/8", Map.of("SLURM_ARRAY_TASK_ID", "9"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("$SLURM_ARRAY_TASK_ID gives shard index 9");
        assertThatThrownBy(() -> Shard.parse("auto/8", Map.of())).isInstanceOf(UsageException.class).hasMessageContaining("neither");
        assertThatThrownBy(() -> Shard.parse("1-8", Map.of())).isInstanceOf(UsageException.class).hasMessageContaining("give I/N");
        assertThatThrownBy(() -> Shard.parse("0/0", Map.of())).isInstanceOf(UsageException.class);
    }
}
