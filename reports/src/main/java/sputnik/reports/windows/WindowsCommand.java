package sputnik.reports.windows;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.api.Problem;
import sputnik.harness.api.UsageException;
import sputnik.harness.plugin.SuiteOptions;
import sputnik.harness.report.RunReport;
import sputnik.harness.report.RunReports;
import sputnik.harness.util.Json;
import sputnik.reports.format.Percent;
import sputnik.reports.format.TextTable;
import sputnik.reports.suite.SuiteData;

@Command(name = "windows", mixinStandardHelpOptions = true,
        description = "A run's pass@1 by problem release date (per month, quarter or year) and before versus after each --cutoff, with"
                + " intervals and a permutation test: LiveCodeBench's contamination check (a model trained on problems released before its"
                + " cutoff scores higher on them than on later ones).")
public final class WindowsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "The run directory.")
    Path runDir;

    @Option(names = "--cutoff", paramLabel = "DATE", description = "Compare problems released before DATE (YYYY-MM-DD) with those on or after it;"
            + " repeatable. Use the model's training cutoff.")
    List<String> cutoffs = new ArrayList<>();

    @Option(names = "--every", paramLabel = "PERIOD", defaultValue = "quarter", description = "Window length: month, quarter or year (default: ${DEFAULT-VALUE}).")
    String every;

    @Option(names = "--field", paramLabel = "NAME", description = "The problems' release-date field (default: the one metadata field that holds dates,"
            + " e.g. LiveCodeBench's contest_date).")
    String field;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        ReleaseWindows.Every period;
        try {
            period = ReleaseWindows.Every.valueOf(every);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--every must be month, quarter or year, got '" + every + "'");
        }
        if (!List.of("text", "markdown", "json").contains(format)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text, markdown or json, got '" + format + "'");
        }
        List<LocalDate> dates = new ArrayList<>();
        for (String c : cutoffs) {
            try {
                dates.add(LocalDate.parse(c));
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--cutoff must be a date YYYY-MM-DD, got '" + c + "'");
            }
        }
        RunReport r = RunReports.load(runDir);
        var c = r.manifest().config();
        SuiteData.Loaded loaded = SuiteData.of(SuiteOptions.source(c), String.valueOf(c.get("prompt_template")), String.valueOf(c.get("dataset_sha256")));
        if (loaded.suite() == null) throw new UsageException("cannot date the problems of " + runDir + ": " + loaded.why());
        String f = field != null ? field : dateField(loaded.suite().problems(), c.get("suite"));
        Map<String, LocalDate> released = new HashMap<>();
        for (Problem p : loaded.suite().problems()) {
            LocalDate d = ReleaseWindows.date(p.data().get(f));
            if (d != null) released.put(p.id(), d);
        }
        if (released.isEmpty()) throw new UsageException("no problem of suite " + c.get("suite") + " has a date in field '" + f + "'");
        ReleaseWindows.Result result = ReleaseWindows.of(r.summary(), released, f, period, dates);
        PrintWriter out = spec.commandLine().getOut();
        if (!r.summary().counts().complete()) {
            spec.commandLine().getErr().println("sputnik: warning: the run is incomplete (" + r.summary().counts().samplesMissing()
                    + " samples missing): the windows hold only the problems with samples");
        }
        switch (format) {
            case "json" -> out.println(Json.line(result));
            case "markdown" -> markdown(r, result, out);
            default -> text(r, result, out);
        }
        out.flush();
        return 0;
    }

    /** The one metadata field whose values are dates. */
    private static String dateField(List<Problem> problems, Object suite) throws UsageException {
        Set<String> fields = new LinkedHashSet<>();
        for (Problem p : problems) {
            for (var e : p.data().entrySet()) if (ReleaseWindows.date(e.getValue()) != null) fields.add(e.getKey());
        }
        if (fields.size() == 1) return fields.iterator().next();
        if (fields.isEmpty()) throw new UsageException("the problems of suite " + suite + " have no release date: windows need a dated suite such as livecodebench");
        throw new UsageException("the problems of suite " + suite + " have several date fields (" + String.join(", ", fields) + "): choose one with --field");
    }

    private static List<List<String>> rows(ReleaseWindows.Result res) {
        List<List<String>> rows = new ArrayList<>();
        for (ReleaseWindows.Window w : res.windows()) rows.add(List.of(w.label(), String.valueOf(w.problems()), Percent.of(w.passAt1()),
                Percent.of(w.ciLow()) + " to " + Percent.of(w.ciHigh())));
        return rows;
    }

    private static String split(ReleaseWindows.Split s) {
        String side = "%s: %d problems, pass@1 %s (%s to %s)";
        String b = s.before().problems() == 0 ? "before: no problems" : String.format(Locale.ROOT, side, "before", s.before().problems(),
                Percent.of(s.before().passAt1()), Percent.of(s.before().ciLow()), Percent.of(s.before().ciHigh()));
        String a = s.after().problems() == 0 ? "on or after: no problems" : String.format(Locale.ROOT, side, "on or after", s.after().problems(),
                Percent.of(s.after().passAt1()), Percent.of(s.after().ciLow()), Percent.of(s.after().ciHigh()));
        String d = s.difference() == null ? "no comparison (one side is empty)"
                : String.format(Locale.ROOT, "after - before = %+.1f points (95%% CI %+.1f to %+.1f), permutation p = %.4f", 100 * s.difference(),
                        100 * s.diffLow(), 100 * s.diffHigh(), s.pValue());
        return "cutoff " + s.cutoff() + ": " + b + "; " + a + "; " + d;
    }

    private static final String MEANING = "A drop after a cutoff (p < 0.05, interval below zero) is what training on the earlier problems predicts;"
            + " the score after the model's cutoff is the uncontaminated one. Problems are the unit: intervals are bootstraps over them"
            + " (10,000 resamples), the test a permutation of them between the two sides (10,000, fixed seed).";

    private static void text(RunReport r, ReleaseWindows.Result res, PrintWriter out) {
        var c = r.manifest().config();
        out.printf(Locale.ROOT, "%s, %s: pass@1 by %s, %d dated problems (%s to %s)%s%n", c.get("suite"), c.get("model"), res.field(), res.dated(),
                res.first(), res.last(), res.undated() == 0 ? "" : ", " + res.undated() + " undated left out");
        out.print(TextTable.render(List.of("window", "problems", "pass@1", "95% CI"), rows(res), List.of(false, true, true, false)));
        for (ReleaseWindows.Split s : res.cutoffs()) out.println(split(s));
        out.println(MEANING);
    }

    private static void markdown(RunReport r, ReleaseWindows.Result res, PrintWriter out) {
        var c = r.manifest().config();
        out.printf(Locale.ROOT, "## %s, %s: pass@1 by %s%n%n| window | problems | pass@1 | 95%% CI |%n|---|---:|---:|---|%n", c.get("suite"), c.get("model"), res.field());
        for (List<String> row : rows(res)) out.println("| " + String.join(" | ", row) + " |");
        out.println();
        for (ReleaseWindows.Split s : res.cutoffs()) out.println("- " + split(s));
        out.println();
        out.println(MEANING);
    }
}
