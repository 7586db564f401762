package sputnik.reports.leaderboard;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import sputnik.harness.api.UsageException;
import sputnik.reports.cost.PriceBook;

/** How a leaderboard prices runs: {@code --prices}, {@code --hardware}, {@code --devices} (shared by {@code leaderboard} and {@code db leaderboard}). */
public final class PricingOptions {
    @Option(names = "--prices", paramLabel = "FILE", description = "Price book (JSON, same format as the shipped one); default: the shipped, dated book.")
    Path prices;

    @Option(names = "--hardware", paramLabel = "NAME", description = "Price runs not served by a priced API at this hardware's $/device-hour (e.g. H800, H100).")
    String hardware;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1", description = "Devices the runs used, with --hardware (default: ${DEFAULT-VALUE}).")
    int devices;

    /** The price book, checked: a bad --devices or an unknown --hardware fails before any work. */
    public PriceBook book(CommandLine cmd) throws IOException, UsageException {
        if (devices < 1) throw new CommandLine.ParameterException(cmd, "--devices must be at least 1, got " + devices);
        PriceBook book = prices != null ? PriceBook.read(prices) : PriceBook.shipped();
        if (hardware != null) book.hardware(hardware); // fail early, naming the known ones
        return book;
    }

    public Leaderboard.Pricing pricing(PriceBook book) {
        return new Leaderboard.Pricing(book, hardware, devices);
    }

    /** The line under a board that says which prices it used. */
    public String note(PriceBook book) {
        return "Prices: " + (prices != null ? prices.toString() : "the shipped price book") + ", as of " + book.asOf() + ". " + book.note();
    }
}
