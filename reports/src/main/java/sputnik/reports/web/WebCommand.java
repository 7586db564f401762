package sputnik.reports.web;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sputnik.reports.cost.PriceBook;
import sputnik.reports.db.ResultsDb;
import sputnik.reports.db.ResultsQueries;
import sputnik.reports.db.cli.DbOptions;
import sputnik.reports.leaderboard.PricingOptions;

@Command(name = "web", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the results database as web pages: a leaderboard per suite (sortable, with intervals, coverage and an",
            "accuracy-vs-cost chart), run pages (scores, problems, samples filtered by verdict), sample pages (the response with the",
            "thinking folded and the extracted answer marked, the verdict and its reason), run comparisons and a model's history.",
            "Read-only; server-rendered, no script and nothing from the network. Listens on loopback unless --host says otherwise."},
        footer = {"", "Example:", "  sputnik web --port 8081 --hardware H100"})
public final class WebCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8081", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @CommandLine.Mixin
    PricingOptions pricingOptions;

    @CommandLine.Mixin
    DbOptions dbOptions;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535, got " + port);
        PriceBook book = pricingOptions.book(spec.commandLine());
        ResultsDb db = dbOptions.open();
        WebServer server;
        try {
            server = WebServer.start(new ResultsQueries(db), db.location().display(), pricingOptions.pricing(book), host, port);
        } catch (java.net.BindException e) {
            throw new sputnik.harness.api.UsageException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); pick another --port");
        }
        var err = spec.commandLine().getErr();
        err.println("sputnik: serving " + db.location().display() + " at http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port()
                + "/ (read-only); Ctrl-C to stop");
        err.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }, "sputnik-web-stop"));
        stop.await();
        return 0;
    }
}
