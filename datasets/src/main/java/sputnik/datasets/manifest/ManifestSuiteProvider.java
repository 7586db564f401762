package sputnik.datasets.manifest;

import java.io.IOException;
import java.nio.file.Path;
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
 * Every suite declared by a suite file: the built-in ones (AIME 2024, AIME 2025, MATH-500, ...), those in
 * the folders of the suite path, found by name, and any file given as {@code --suite path/to/suite.yaml}.
 */
public final class ManifestSuiteProvider implements SuiteProvider {
    private final List<Manifest> builtins;
    private final Map<String, String> env;

    public ManifestSuiteProvider() {
        this(BuiltinSuites.all(), System.getenv());
    }

    ManifestSuiteProvider(List<Manifest> builtins, Map<String, String> env) {
        this.builtins = List.copyOf(builtins);
        this.env = Map.copyOf(env);
    }

    @Override
    public List<SuiteInfo> suites() {
        List<SuiteInfo> out = new ArrayList<>();
        for (Manifest m : builtins) out.add(new SuiteInfo(m.name(), m.description(), List.copyOf(m.prompts().keySet())));
        for (Path f : SuitePath.files(env)) {
            String name = SuitePath.name(f);
            if (builtin(name) != null) continue; // refused when loaded, with the reason
            try {
                Manifest m = checked(f);
                out.add(new SuiteInfo(name, m.description() + " (" + f + ")", List.copyOf(m.prompts().keySet())));
            } catch (UsageException | IOException e) {
                out.add(new SuiteInfo(name, "unusable suite file: " + e.getMessage(), List.of()));
            }
        }
        return out;
    }

    @Override
    public Suite load(String name, SuiteContext context) throws UsageException, IOException {
        Manifest m = builtin(name);
        if (m != null) return load(m, context, null);
        for (Path f : SuitePath.files(env)) if (SuitePath.name(f).equals(name)) return loadFile(f, context);
        throw new UsageException("unknown suite '" + name + "'");
    }

    @Override
    public Suite loadFile(Path file, SuiteContext context) throws UsageException, IOException {
        return load(checked(file), context, file.toAbsolutePath().normalize());
    }

    /** A suite file, refused when it would pass for a built-in suite (their runs would be mixed in leaderboards). */
    private Manifest checked(Path file) throws UsageException, IOException {
        Manifest m = SuiteFile.read(file);
        if (builtin(m.name()) != null) {
            throw new UsageException(file + ": name: '" + m.name() + "' is a built-in suite's name; give this suite its own name (and keep"
                    + " the built-in's runs apart from its)");
        }
        return m;
    }

    private Manifest builtin(String name) {
        return builtins.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
    }

    /** {@code file}: the suite file, whose folder is also searched for the data; null for a built-in suite. */
    private static Suite load(Manifest m, SuiteContext context, Path file) throws UsageException, IOException {
        String templateName = context.promptTemplate() != null ? context.promptTemplate() : m.prompts().keySet().iterator().next();
        PromptTemplate template = m.prompts().get(templateName);
        if (template == null) {
            throw new UsageException("unknown prompt template '" + templateName + "' for suite " + m.name() + "; valid: "
                    + String.join(", ", m.prompts().keySet()));
        }
        Path data = DatasetFiles.resolve(m, context, file == null ? null : file.getParent());
        List<Problem> problems = RecordReader.read(m, data, template);
        Manifest.Defaults d = m.defaults();
        return new Suite(m.name(), m.version(), m.sha256(), templateName, m.grader(),
                new SuiteDefaults(d.temperature(), d.topP(), d.topK(), d.maxTokens(), d.samples()), problems, m.graderOptions(), m.metrics(),
                m.breakdowns(), file);
    }
}
