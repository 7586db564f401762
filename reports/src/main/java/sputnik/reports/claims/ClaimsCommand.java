package sputnik.reports.claims;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "claims", mixinStandardHelpOptions = true,
        description = "List the published numbers that runs are held against (run and report match a run to one by model and suite,"
                + " or take --claim NAME).")
public final class ClaimsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        ClaimBook book = ClaimBook.shipped();
        int w = book.claims().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Claim c : book.claims()) {
            out.printf(Locale.ROOT, "%-" + w + "s  %s on %s: %s %.1f%%%s; %s, %s%n", c.name(), c.model(), c.suite(), c.metric(), c.value(),
                    c.samplesPerProblem() == null ? "" : " (" + c.samplesPerProblem() + " samples per problem)", c.source(), c.date());
        }
        out.flush();
        return 0;
    }
}
