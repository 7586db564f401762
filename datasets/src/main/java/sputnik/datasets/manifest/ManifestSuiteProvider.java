package sputnik.datasets.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import sputnik.harness.api.Problem;
import sputnik.harness.api.Suite;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.SuiteDefaults;
import sputnik.harness.api.SuiteInfo;
import sputnik.harness.api.SuiteProvider;
import sputnik.harness.api.UsageException;

/** Every suite described by a shipped manifest (AIME 2024, AIME 2025, MATH-500, ...). */
public final class ManifestSuiteProvider implements SuiteProvider {
    private final List<Manifest> manifests;

    public ManifestSuiteProvider() {
        this(Manifests.all());
    }

    ManifestSuiteProvider(List<Manifest> manifests) {
        this.manifests = List.copyOf(manifests);
    }

    @Override
    public List<SuiteInfo> suites() {
        return manifests.stream()
                .map(m -> new SuiteInfo(m.name(), m.description(), List.copyOf(m.prompts().keySet())))
                .toList();
    }

    @Override
    public Suite load(String name, SuiteContext context) throws UsageException, IOException {
        Manifest m = manifests.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown suite '" + name + "'"));
        String templateName = context.promptTemplate() != null ? context.promptTemplate() : m.prompts().keySet().iterator().next();
        Manifest.PromptTemplate template = m.prompts().get(templateName);
        if (template == null) {
            throw new UsageException("unknown prompt template '" + templateName + "' for suite " + name + "; valid: "
                    + String.join(", ", m.prompts().keySet()));
        }
        Path file = DatasetFiles.resolve(m, context);
        List<Problem> problems = RecordReader.read(m, file, template);
        Manifest.Defaults d = m.defaults();
        return new Suite(m.name(), m.version(), m.sha256(), templateName, m.grader(),
                new SuiteDefaults(d.temperature(), d.topP(), d.topK(), d.maxTokens(), d.samples()), problems);
    }
}
