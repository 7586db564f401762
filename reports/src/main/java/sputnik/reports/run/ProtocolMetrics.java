package sputnik.reports.run;

import java.util.ArrayList;
import java.util.List;
import sputnik.harness.metrics.MetricName;
import sputnik.harness.metrics.Summary;
import sputnik.reports.format.Percent;

/** The scores a suite's protocol names (its file's {@code metrics}), each with its value or why the run has none. */
final class ProtocolMetrics {
    private ProtocolMetrics() {}

    static String line(List<?> metrics, Summary s) {
        List<String> parts = new ArrayList<>();
        for (Object o : metrics) {
            MetricName m = MetricName.parse(String.valueOf(o)).orElse(null);
            if (m == null) continue;
            List<Summary.AtK> list = m.kind() == MetricName.Kind.pass ? s.passAtK() : s.consAtK();
            Summary.AtK found = list.stream().filter(a -> a.k() == m.k()).findFirst().orElse(null);
            parts.add(found != null ? m + " " + Percent.of(found.value())
                    : m + " not measured (needs " + m.k() + " samples per problem; the run has " + s.counts().samplesPerProblem() + ")");
        }
        return String.join(", ", parts);
    }
}
