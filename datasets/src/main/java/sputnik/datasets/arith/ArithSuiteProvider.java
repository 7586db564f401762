package sputnik.datasets.arith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.SuiteDefaults;
import sputnik.harness.api.SuiteInfo;
import sputnik.harness.api.SuiteProvider;
import sputnik.harness.api.UsageException;

/**
 * The {@code arith} suite: 200 integer-arithmetic problems generated from a fixed seed. It needs no
 * download, so it serves as a smoke test of an engine and of the whole pipeline. The generated data is
 * hashed like a downloaded file and checked against a pinned hash, so "arith version 1" means the
 * same 200 problems on every machine and every JDK.
 */
public final class ArithSuiteProvider implements SuiteProvider {

    static final String NAME = "arith";
    static final String VERSION = "1";
    static final String GRADER = "integer";

    /** sha256 of {@link CanonicalJsonl#render} of version 1's problems. */
    static final String PINNED_SHA256 = "e32f875587906445613d2d205661d3e5b76e92327086c283443038a1c0a6f9fa";

    /** Sampled like a reasoning model's published protocol; 4 samples make majority voting meaningful. */
    static final SuiteDefaults DEFAULTS = new SuiteDefaults(0.6, 0.95, 0, 1024, 4);

    private final String pinnedSha256;

    public ArithSuiteProvider() {
        this(PINNED_SHA256);
    }

    /** For tests of the pin check itself. */
    ArithSuiteProvider(String pinnedSha256) {
        this.pinnedSha256 = pinnedSha256;
    }

    @Override
    public List<SuiteInfo> suites() {
        return List.of(new SuiteInfo(
                NAME,
                "200 synthetic integer-arithmetic problems (+ - * with precedence, fixed seed; no download)",
                ArithPromptTemplate.names()));
    }

    @Override
    public Suite load(String name, SuiteContext context) throws UsageException {
        if (!NAME.equals(name)) {
            throw new UsageException("unknown suite '" + name + "'; this provider offers: " + NAME);
        }
        ArithPromptTemplate template = ArithPromptTemplate.byName(context == null ? null : context.promptTemplate());

        List<ArithItem> items = ArithProblemGenerator.generate();
        String sha256 = CanonicalJsonl.sha256(CanonicalJsonl.render(items));
        if (!sha256.equals(pinnedSha256)) {
            // A programming error, not a user error: the generator (or the JDK's SplittableRandom)
            // no longer produces version 1's problems, and results would silently stop being comparable.
            throw new IllegalStateException("the arith problem generator changed: its data hashes to " + sha256
                    + " but version " + VERSION + " is pinned to " + pinnedSha256
                    + "; bump the suite version and the pinned hash together");
        }

        List<Problem> problems = new ArrayList<>(items.size());
        for (ArithItem item : items) {
            problems.add(new Problem(
                    item.id(),
                    template.render(item.question()),
                    Long.toString(item.answer()),
                    Map.of("question", item.question())));
        }
        return new Suite(NAME, VERSION, sha256, template.templateName(), GRADER, DEFAULTS, problems);
    }
}
