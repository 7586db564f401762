package sputnik.reports.leaderboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.report.RunReport;
import sputnik.harness.report.RunReports;
import sputnik.harness.util.AtomicFiles;
import sputnik.harness.util.Json;
import sputnik.reports.cost.PriceBook;

@Command(
        name = "leaderboard",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Rank runs: one row per run (suite, model, engine) with pass@1 and its interval, cons@k, output tokens, latency,",
            "throughput and cost; ties by overlapping intervals marked. Writes leaderboard.md, .html, .csv, .json and an",
            "accuracy-vs-cost chart with the Pareto frontier. Runs whose model an API price names are priced per token;",
            "others by --hardware and --devices (e.g. a local server), or not at all."
        },
        footer = {"", "Example:", "  sputnik leaderboard runs/* --out leaderboard --hardware H100 --devices 2"})
public final class LeaderboardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run directories to rank.")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the leaderboard files.")
    Path out;

    @Option(names = "--prices", paramLabel = "FILE", description = "Price book (JSON, same format as the shipped one); default: the shipped, dated book.")
    Path prices;

    @Option(names = "--hardware", paramLabel = "NAME", description = "Price runs not served by a priced API at this hardware's $/device-hour (e.g. H800, H100).")
    String hardware;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1", description = "Devices the runs used, with --hardware (default: ${DEFAULT-VALUE}).")
    int devices;

    @Override
    public Integer call() throws Exception {
        if (devices < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--devices must be at least 1, got " + devices);
        PriceBook book = prices != null ? PriceBook.read(prices) : PriceBook.shipped();
        if (hardware != null) book.hardware(hardware); // fail early, naming the known ones
        List<RunReport> reports = new ArrayList<>();
        for (Path r : runs) reports.add(RunReports.load(r));
        List<LeaderboardRow> rows = Leaderboard.build(reports, new Leaderboard.Pricing(book, hardware, devices));
        String note = "Prices: " + (prices != null ? prices.toString() : "the shipped price book") + ", as of " + book.asOf() + ". " + book.note();
        Files.createDirectories(out);
        byte[] chart = LeaderboardWriters.chart(rows);
        String md = LeaderboardWriters.markdown(rows, note);
        AtomicFiles.write(out.resolve("leaderboard.md"), md);
        AtomicFiles.write(out.resolve("leaderboard.html"), LeaderboardWriters.html(rows, chart, note));
        AtomicFiles.write(out.resolve("leaderboard.csv"), LeaderboardWriters.csv(rows));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prices_as_of", book.asOf());
        json.put("rows", rows);
        AtomicFiles.write(out.resolve("leaderboard.json"), Json.pretty(json));
        if (chart != null) AtomicFiles.write(out.resolve("leaderboard.png"), chart);
        spec.commandLine().getOut().print(md);
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("sputnik: wrote leaderboard.md, .html, .csv, .json" + (chart != null ? ", .png" : "") + " in " + out);
        return 0;
    }
}
