package sputnik.reports.claims;

import java.util.Map;
import sputnik.harness.api.UsageException;
import sputnik.harness.report.RunReport;

/**
 * The claim a report holds its run against: the one named in run.json's environment (from {@code --claim}), else
 * the one for its model and suite; none when no claim is known for them.
 */
public final class ClaimNotes {
    private ClaimNotes() {}

    /** The check, or a problem with the named claim (an unknown name), or neither when no claim applies. */
    public record Outcome(ClaimCheck check, String problem) {}

    public static Outcome of(RunReport r) {
        Map<String, Object> c = r.summary().run();
        ClaimBook book = ClaimBook.shipped();
        Object named = r.manifest().environment().get("claim");
        Claim claim;
        if (named != null) {
            try {
                claim = book.named(named.toString());
            } catch (UsageException e) {
                return new Outcome(null, e.getMessage());
            }
        } else {
            claim = book.forRun(String.valueOf(c.get("model")), String.valueOf(c.get("suite"))).orElse(null);
        }
        return new Outcome(claim == null ? null : ClaimCheck.of(claim, r.summary()), null);
    }
}
