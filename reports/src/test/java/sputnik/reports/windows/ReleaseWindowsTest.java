package sputnik.reports.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.metrics.RunScorer;
import sputnik.harness.metrics.Summary;
import sputnik.harness.record.SampleRecord;
import sputnik.harness.testing.TestSample;

class ReleaseWindowsTest {
    /**
     * 40 problems released one a week from 2023-05-01; 2 samples each. A "contaminated" model: both samples
     * right on problems before 2023-08-01 (14 problems), one in four problems right after.
     */
    private static Summary contaminated(Map<String, LocalDate> released) {
        List<SampleRecord> samples = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "p" + i;
            ids.add(id);
            LocalDate d = LocalDate.of(2023, 5, 1).plusWeeks(i);
            released.put(id, d);
            boolean right = d.isBefore(LocalDate.of(2023, 8, 1)) || i % 4 == 0;
            for (int k = 0; k < 2; k++) samples.add(right ? TestSample.of(id, k).correct("1").build() : TestSample.of(id, k).wrong("2").build());
        }
        return RunScorer.score(Map.of(), ids, 2, samples);
    }

    @Test
    void windowsHoldTheProblemsReleasedInThemAndTheirMeanPassAt1() {
        Map<String, LocalDate> released = new HashMap<>();
        ReleaseWindows.Result r = ReleaseWindows.of(contaminated(released), released, "contest_date", ReleaseWindows.Every.quarter, List.of());
        assertThat(r.dated()).isEqualTo(40);
        assertThat(r.windows()).extracting(ReleaseWindows.Window::label).containsExactly("2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1");
        assertThat(r.windows()).extracting(ReleaseWindows.Window::problems).containsExactly(9, 13, 13, 5);
        assertThat(r.windows().get(0).passAt1()).isEqualTo(1.0);
        assertThat(r.windows().stream().mapToInt(ReleaseWindows.Window::problems).sum()).isEqualTo(40);
        assertThat(ReleaseWindows.Every.month).isNotNull();
        assertThat(ReleaseWindows.of(contaminated(released), released, "d", ReleaseWindows.Every.month, List.of()).windows().getFirst().label())
                .isEqualTo("2023-05");
    }

    @Test
    void aDropAfterTheCutoffIsMeasuredWithAnIntervalAndAPermutationTest() {
        Map<String, LocalDate> released = new HashMap<>();
        Summary s = contaminated(released);
        ReleaseWindows.Split split = ReleaseWindows.of(s, released, "d", ReleaseWindows.Every.quarter, List.of(LocalDate.of(2023, 8, 1))).cutoffs().getFirst();
        assertThat(split.before().problems()).isEqualTo(14);
        assertThat(split.after().problems()).isEqualTo(26);
        assertThat(split.before().passAt1()).isEqualTo(1.0);
        // After the cutoff only problems with i % 4 == 0 are right: i = 16, 20, ..., 36 of i = 14..39.
        assertThat(split.after().passAt1()).isCloseTo(6 / 26.0, within(1e-12));
        assertThat(split.difference()).isCloseTo(6 / 26.0 - 1, within(1e-12));
        assertThat(split.diffHigh()).isNegative();
        assertThat(split.pValue()).isLessThan(0.001);

        // No difference where there is none: a cutoff inside the uniform part.
        ReleaseWindows.Split flat = ReleaseWindows.of(s, released, "d", ReleaseWindows.Every.quarter, List.of(LocalDate.of(2023, 12, 1))).cutoffs().getFirst();
        assertThat(flat.pValue()).isGreaterThan(0.05);
        // The same run gives the same numbers.
        assertThat(ReleaseWindows.of(s, released, "d", ReleaseWindows.Every.quarter, List.of(LocalDate.of(2023, 8, 1))).cutoffs().getFirst()).isEqualTo(split);
    }

    @Test
    void aCutoffBeforeEveryProblemHasNoComparison() {
        Map<String, LocalDate> released = new HashMap<>();
        ReleaseWindows.Split s = ReleaseWindows.of(contaminated(released), released, "d", ReleaseWindows.Every.year, List.of(LocalDate.of(2020, 1, 1)))
                .cutoffs().getFirst();
        assertThat(s.before().problems()).isZero();
        assertThat(s.difference()).isNull();
        assertThat(s.pValue()).isNull();
    }

    @Test
    void datesAreReadFromIsoDatesAndTimestamps() {
        assertThat(ReleaseWindows.date("2023-08-21T00:00:00")).isEqualTo(LocalDate.of(2023, 8, 21));
        assertThat(ReleaseWindows.date("2023-08-21")).isEqualTo(LocalDate.of(2023, 8, 21));
        assertThat(ReleaseWindows.date("AIME I")).isNull();
        assertThat(ReleaseWindows.date(5)).isNull();
    }
}
