package sputnik.reports.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sputnik.harness.report.RunReport;
import sputnik.reports.SyntheticRuns;

class BreakdownsTest {
    @Test
    void groupsByEachMetadataFieldWithFewValuesAndDatesByMonth() {
        double[] rates = new double[40];
        for (int i = 0; i < rates.length; i++) rates[i] = i < 20 ? 1.0 : 0.0;
        RunReport r = SyntheticRuns.run("b", rates, 2, 1);
        Map<String, Map<String, Object>> data = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            data.put("p" + i, Map.of("level", (i % 4) + 1, "half", i < 20 ? "easy" : "hard", "title", "problem number " + i,
                    "date", (i < 20 ? "2024-01-" : "2024-02-") + String.format("%02d", i % 20 + 1), "constant", "x"));
        }
        List<Breakdowns.Breakdown> b = Breakdowns.of(r.summary(), data);
        assertThat(b).extracting(Breakdowns.Breakdown::field).containsExactlyInAnyOrder("level", "half", "date (month)");
        Breakdowns.Breakdown half = b.stream().filter(x -> x.field().equals("half")).findFirst().orElseThrow();
        assertThat(half.groups()).extracting(Breakdowns.Group::value).containsExactly("easy", "hard");
        assertThat(half.groups().get(0).passAt1()).isEqualTo(1.0);
        assertThat(half.groups().get(1).passAt1()).isEqualTo(0.0);
        assertThat(half.groups().get(0).problems()).isEqualTo(20);
        Breakdowns.Breakdown month = b.stream().filter(x -> x.field().equals("date (month)")).findFirst().orElseThrow();
        assertThat(month.groups()).extracting(Breakdowns.Group::value).containsExactly("2024-01", "2024-02");
        Breakdowns.Breakdown level = b.stream().filter(x -> x.field().equals("level")).findFirst().orElseThrow();
        assertThat(level.groups()).extracting(Breakdowns.Group::value).containsExactly("1", "2", "3", "4");
        assertThat(level.groups()).allSatisfy(g -> assertThat(g.ciLow()).isLessThanOrEqualTo(g.passAt1()).isLessThanOrEqualTo(g.ciHigh()));

        // A suite file's breakdowns: only those fields, in its order; an empty list: none.
        assertThat(Breakdowns.of(r.summary(), data, List.of("half", "level"))).extracting(Breakdowns.Breakdown::field).containsExactly("half", "level");
        assertThat(Breakdowns.of(r.summary(), data, List.of())).isEmpty();
    }

    @Test
    void noSuiteDataNoBreakdownAndTheReasonSaid() {
        Breakdowns.Result res = Breakdowns.of(SyntheticRuns.run("n", new double[] {0.5, 0.5}, 2, 1));
        assertThat(res.breakdowns()).isEmpty();
        assertThat(res.unavailable()).contains("could not be loaded here");
    }
}
