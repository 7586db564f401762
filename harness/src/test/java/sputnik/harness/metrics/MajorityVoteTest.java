package sputnik.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import sputnik.harness.metrics.MajorityVote.Winner;

class MajorityVoteTest {

    @Test
    void clearMajorityWins() {
        assertThat(MajorityVote.vote(List.of("A", "B", "A", "C", "A")))
                .contains(new Winner("A", 3, 0));
        assertThat(MajorityVote.vote(List.of("B", "A", "A"))).contains(new Winner("A", 2, 1));
    }

    @Test
    void twoWayTieGoesToFirstOccurrence() {
        assertThat(MajorityVote.vote(List.of("B", "A", "A", "B"))).contains(new Winner("B", 2, 0));
        assertThat(MajorityVote.vote(List.of("A", "B", "B", "A"))).contains(new Winner("A", 2, 0));
    }

    @Test
    void threeWayTieGoesToFirstOccurrence() {
        assertThat(MajorityVote.vote(List.of("C", "B", "A", "A", "B", "C"))).contains(new Winner("C", 2, 0));
        assertThat(MajorityVote.vote(List.of("Z", "Y", "X"))).contains(new Winner("Z", 1, 0));
        // The tie is decided by where each key first appeared, not by where it completed its count.
        assertThat(MajorityVote.vote(List.of("D", "B", "C", "C", "B", "A", "A", "D"))).contains(new Winner("D", 2, 0));
    }

    @Test
    void samplesWithoutAnAnswerDoNotVote() {
        assertThat(MajorityVote.vote(Arrays.asList(null, null, "C"))).contains(new Winner("C", 1, 2));
        // Two blank samples would outvote "7" if null counted as an answer.
        assertThat(MajorityVote.vote(Arrays.asList(null, "7", null))).contains(new Winner("7", 1, 1));
    }

    @Test
    void noVotesMeansNoWinner() {
        assertThat(MajorityVote.vote(Arrays.asList(null, null, null))).isEmpty();
        assertThat(MajorityVote.vote(List.of())).isEmpty();
    }
}
