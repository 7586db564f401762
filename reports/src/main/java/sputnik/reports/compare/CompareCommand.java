package sputnik.reports.compare;

import sputnik.reports.db.AutoIndex;
import sputnik.reports.db.DbLocation;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.api.UsageException;
import sputnik.harness.report.RunReport;
import sputnik.harness.report.RunReports;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.Json;

@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Compare two runs of the same suite problem by problem: the change in pass@1 with a paired bootstrap interval and an",
            "exact paired test (McNemar for one sample per problem, else a sign test over per-problem rates). Writes compare.md,",
            "compare.json and compare-junit.xml (one test case per problem, failing where the new run lost a problem the base solved)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no regression (with --fail-on-regression), or any comparison without it",
            "1:pass@1 dropped significantly (with --fail-on-regression); also an unexpected error, with a message on stderr",
            "2:usage error: a bad flag or value, not a run directory, runs not comparable (see --force), no problem in common",
            "3:incomplete (with --fail-on-regression, without --allow-partial): either run is unfinished, or NEW planned fewer problems or fewer samples per problem than BASE; the gate does not vouch for problems it did not compare. Also, with or without the gate, when no problem is complete in both runs"
        },
        footer = {"", "Only problems complete in both runs (every sample graded) are compared.", "",
            "Example (a CI gate):", "  sputnik compare runs/main runs/pr --fail-on-regression --min-delta 0.02"})
public final class CompareCommand implements Callable<Integer> {
    /** Exit code of a gate that refuses to decide on an incomplete comparison: not 1 (nothing regressed), not 2 (no usage error). */
    public static final int INCOMPLETE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASE_RUN")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW_RUN")
    Path next;

    @Option(names = "--fail-on-regression",
            description = "Exit 1 when pass@1 dropped significantly (p < alpha) and by at least --min-delta; exit 3 when the comparison is incomplete.")
    boolean failOnRegression;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "P", description = "Significance level of the two-sided test (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--min-delta", defaultValue = "0", paramLabel = "D",
            description = "Smallest drop in pass@1 (a fraction: 0.02 = 2 points) that counts as a regression (default: ${DEFAULT-VALUE}).")
    double minDelta;

    @Option(names = "--allow-partial",
            description = "Let the gate decide on the problems both runs completed when either run is unfinished or NEW covers fewer problems or samples than BASE (default: exit 3).")
    boolean allowPartial;

    @Option(names = "--force", description = "Compare even if suite version, dataset hash or prompt template differ.")
    boolean force;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the comparison files (default: NEW_RUN/compare).")
    Path out;

    @Option(names = "--step-summary", description = "Also append the Markdown to the file named by $GITHUB_STEP_SUMMARY.")
    boolean stepSummary;

    @Override
    public Integer call() throws Exception {
        if (alpha <= 0 || alpha >= 1) throw new CommandLine.ParameterException(spec.commandLine(), "--alpha must be in (0, 1), got " + alpha);
        if (minDelta < 0 || minDelta > 1) throw new CommandLine.ParameterException(spec.commandLine(), "--min-delta must be in [0, 1], got " + minDelta);
        RunReport b = RunReports.load(base);
        RunReport n = RunReports.load(next);
        List<String> differ = new ArrayList<>();
        for (String key : List.of("suite", "suite_version", "dataset_sha256", "prompt_template")) {
            Object bv = b.manifest().config().get(key), nv = n.manifest().config().get(key);
            if (!Objects.equals(String.valueOf(bv), String.valueOf(nv))) differ.add(key + " (" + bv + " vs " + nv + ")");
        }
        if (!differ.isEmpty() && !force) {
            throw new UsageException("the runs are not comparable: " + String.join(", ", differ) + "; pass --force to compare anyway");
        }
        Comparison c = Comparer.compare(b, n, alpha, minDelta, allowPartial);
        ComparedCoverage cov = c.coverage();
        PrintWriter err = spec.commandLine().getErr();
        if (c.sharedProblems() == 0) {
            if (!cov.partial()) throw new UsageException("the runs share no problem: nothing to compare");
            err.println("sputnik: nothing to compare: no problem is complete in both runs (" + String.join("; ", cov.reasons())
                    + "); " + cov.remedy());
            return INCOMPLETE;
        }
        String suite = String.valueOf(n.manifest().config().get("suite"));
        String md = ComparisonWriters.markdown(c, suite);
        Path dir = out != null ? out : next.resolve("compare");
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("compare.md"), md);
        AtomicFiles.write(dir.resolve("compare.json"), Json.pretty(c));
        AtomicFiles.write(dir.resolve("compare-junit.xml"), ComparisonWriters.junit(c, suite));
        if (stepSummary && System.getenv("GITHUB_STEP_SUMMARY") != null) {
            Files.writeString(Path.of(System.getenv("GITHUB_STEP_SUMMARY")), md + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        spec.commandLine().getOut().print(md);
        spec.commandLine().getOut().flush();
        err.println("sputnik: wrote compare.md, compare.json, compare-junit.xml in " + dir);
        for (RunReport r : DbLocation.configured() ? List.of(b, n) : List.<RunReport>of()) {
            try {
                err.println(AutoIndex.index(r));
            } catch (Exception e) {
                err.println("sputnik: warning: " + e.getMessage() + " (the comparison is written; index the runs later with sputnik db index)");
            }
        }
        if (!differ.isEmpty()) err.println("sputnik: compared despite differing " + String.join(", ", differ) + " (--force)");
        if (cov.partial()) {
            String why = cov.headline() + ": " + String.join("; ", cov.reasons());
            if (allowPartial) err.println("sputnik: warning: " + why + " (--allow-partial: the gate decided on these " + cov.comparedProblems() + " problems only)");
            else err.println("sputnik: " + (failOnRegression ? "gate: INCOMPLETE (exit 3), " : "warning: incomplete comparison, ") + why
                    + "; to decide: " + cov.remedy() + ", or pass --allow-partial");
        }
        if (!failOnRegression) return 0;
        return switch (c.gate()) {
            case Comparison.INCOMPLETE -> INCOMPLETE;
            case Comparison.REGRESSION -> 1;
            default -> 0;
        };
    }
}
