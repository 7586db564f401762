package sputnik.datasets.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sputnik.harness.api.RecordedSet;
import sputnik.harness.api.RecordedSetProvider;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;
import sputnik.harness.util.Resources;
import sputnik.harness.util.ThinkTags;

/** The recorded response sets described by the manifests shipped in resources/sputnik/recorded/ (listed in its index). */
public final class ManifestRecordedSetProvider implements RecordedSetProvider {
    private static final String DIR = "/sputnik/recorded/";

    private final List<RecordedManifest> manifests;

    public ManifestRecordedSetProvider() {
        this(all());
    }

    ManifestRecordedSetProvider(List<RecordedManifest> manifests) {
        this.manifests = List.copyOf(manifests);
    }

    static List<RecordedManifest> all() {
        List<RecordedManifest> out = new ArrayList<>();
        for (String name : Resources.text(ManifestRecordedSetProvider.class, DIR + "index").split("\\R")) {
            if (name.isBlank() || name.startsWith("#")) continue;
            try {
                RecordedManifest m = Json.MAPPER.readValue(Resources.text(ManifestRecordedSetProvider.class, DIR + name.strip() + ".json"), RecordedManifest.class);
                if (!name.strip().equals(m.name())) throw new IllegalStateException("recorded manifest " + name + ".json names itself " + m.name());
                out.add(m);
            } catch (IOException e) {
                throw new IllegalStateException("recorded manifest " + name + ".json is malformed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public List<RecordedSetInfo> sets() {
        return manifests.stream().map(m -> new RecordedSetInfo(m.name(), m.model(), m.suite(), m.description())).toList();
    }

    @Override
    public RecordedSet load(String name, SuiteContext context) throws UsageException, IOException {
        RecordedManifest m = manifests.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown recorded set '" + name + "'"));
        Path file = DatasetFiles.resolve(m.pinned(), context);
        List<RecordedSet.Response> responses = new ArrayList<>();
        for (RawRecords.Raw raw : RawRecords.read(file, m.format())) responses.add(response(m, raw));
        var prompt = new RecordedSet.Prompt(m.prompt().name(), m.prompt().template(), m.prompt().source());
        return new RecordedSet(m.name(), m.model(), m.suite(), m.sha256(), m.samplesPerProblem(), m.sampling(), prompt,
                m.source() + " (" + m.license() + ")", responses);
    }

    /**
     * One record as a response. Where the prompt opened the thinking, the text is split there as an engine splits
     * what it generates: a closed block becomes the reasoning, one that never closed stays in the response with its
     * opener in front, so that the graders flag it as cut off inside the thinking.
     */
    private static RecordedSet.Response response(RecordedManifest m, RawRecords.Raw raw) throws UsageException {
        String id = required(m, raw, "problem_id");
        String text = required(m, raw, "response");
        String reasoning = optional(m, raw, "reasoning");
        String response = text;
        if (reasoning == null) {
            ThinkTags.Split split = ThinkTags.splitAfterPrompt(m.thinkingOpener(), text);
            reasoning = split.reasoning();
            response = split.answer();
        }
        return new RecordedSet.Response(id, response, reasoning, optional(m, raw, "finish_reason"), integer(m, raw, "prompt_tokens"),
                integer(m, raw, "completion_tokens"));
    }

    private static String required(RecordedManifest m, RawRecords.Raw raw, String role) throws UsageException {
        String v = optional(m, raw, role);
        if (v == null) throw new UsageException(raw.where() + " has no field \"" + m.fields().get(role) + "\" (" + role + " of recorded set " + m.name() + ")");
        return v;
    }

    private static String optional(RecordedManifest m, RawRecords.Raw raw, String role) {
        String field = m.fields().get(role);
        JsonNode v = field == null ? null : raw.node().get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static Integer integer(RecordedManifest m, RawRecords.Raw raw, String role) throws UsageException {
        String field = m.fields().get(role);
        JsonNode v = field == null ? null : raw.node().get(field);
        if (v == null || v.isNull()) return null;
        if (!v.canConvertToInt()) throw new UsageException(raw.where() + ": field \"" + field + "\" (" + role + ") is not an integer");
        return v.asInt();
    }
}
