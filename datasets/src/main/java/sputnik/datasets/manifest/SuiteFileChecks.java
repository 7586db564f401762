package sputnik.datasets.manifest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import sputnik.harness.api.Grader;
import sputnik.harness.api.UsageException;
import sputnik.harness.metrics.MetricName;

/**
 * What a suite file must get right beyond its shape, each reported at the key's line: names, the data
 * file, templates that compile and read only keys the problems have, an installed grader that accepts
 * the options, sampling defaults in range, metrics Sputnik computes.
 */
final class SuiteFileChecks {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> FORMATS = List.of("jsonl", "jsonl.gz", "json");

    private SuiteFileChecks() {}

    static void check(Manifest m, SuiteFile.Located at) throws UsageException {
        if (!NAME.matcher(m.name()).matches()) throw at.error("/name", "'" + m.name() + "' is not a suite name: use lower-case letters, digits, '.', '_' and '-'");
        if (m.version() == null || m.version().isBlank()) throw at.error("/version", "give a version, and bump it whenever the suite changes what a run measures");
        data(m, at);
        fields(m, at);
        prompts(m, at);
        grader(m, at);
        defaults(m.defaults(), at);
        for (int i = 0; i < m.metrics().size(); i++) {
            if (MetricName.parse(m.metrics().get(i)).isEmpty()) {
                throw at.error("/metrics/" + i, "'" + m.metrics().get(i) + "' is not a metric: use pass@K or cons@K (K >= 1)");
            }
        }
    }

    private static void data(Manifest m, SuiteFile.Located at) throws UsageException {
        if (m.file().isBlank() || m.file().startsWith("/") || m.file().contains("..") || m.file().contains("\\")) {
            throw at.error("/file", "'" + m.file() + "' must be a file name (or a path below the suite's data folder), not an absolute path or one with '..'");
        }
        if (m.dir() != null && (m.dir().isBlank() || m.dir().startsWith("/") || m.dir().contains(".."))) {
            throw at.error("/dir", "'" + m.dir() + "' must be a folder name under the data directory");
        }
        if (!SHA256.matcher(m.sha256()).matches()) throw at.error("/sha256", "must be the data file's SHA-256, 64 lower-case hex digits (sha256sum FILE)");
        if (m.format() != null && !FORMATS.contains(m.format())) throw at.error("/format", "'" + m.format() + "' is not a format: use one of " + FORMATS);
        if (m.records() < 1) throw at.error("/records", "the number of records in the file, at least 1");
        for (int i = 0; i < m.urls().size(); i++) {
            if (!m.urls().get(i).startsWith("https://")) throw at.error("/urls/" + i, "downloads are https:// only (the sha256 pins the content, https who serves it)");
        }
        if (m.select() != null && m.select().min() > m.select().max()) throw at.error("/select", "min is above max");
    }

    private static void fields(Manifest m, SuiteFile.Located at) throws UsageException {
        for (String role : new String[] {"id", "problem"}) {
            if (m.fields().get(role) == null || m.fields().get(role).isBlank()) throw at.error("/fields", "fields." + role + " is missing: the record field that holds the problem's " + role);
        }
        for (String role : m.fields().keySet()) {
            if (!List.of("id", "problem", "answer").contains(role)) throw at.error("/fields/" + role, "fields maps only id, problem and answer; put other fields under metadata");
        }
        if (m.label() != null) pattern(m.label(), "/label", at);
        for (Map.Entry<String, Manifest.Label> d : m.derived().entrySet()) {
            if (d.getKey().equals("problem") || d.getKey().equals("label") || m.metadata().containsKey(d.getKey())) {
                throw at.error("/derived/" + d.getKey(), "'" + d.getKey() + "' is already a key of the problems; give the derived value another name");
            }
            pattern(d.getValue(), "/derived/" + d.getKey(), at);
        }
    }

    private static void pattern(Manifest.Label l, String where, SuiteFile.Located at) throws UsageException {
        if (l == null || l.field() == null || l.pattern() == null || l.format() == null) throw at.error(where, "give field, pattern and format");
        try {
            Pattern.compile(l.pattern());
        } catch (PatternSyntaxException e) {
            throw at.error(where + "/pattern", "not a regular expression: " + e.getDescription());
        }
    }

    private static void prompts(Manifest m, SuiteFile.Located at) throws UsageException {
        if (m.prompts().isEmpty()) throw at.error("/prompts", "declare at least one prompt template; the first is the default");
        Set<String> keys = new LinkedHashSet<>();
        keys.add("problem");
        keys.addAll(m.metadata().keySet());
        if (m.label() != null) keys.add("label");
        keys.addAll(m.derived().keySet());
        if (m.breakdowns() != null) {
            for (int i = 0; i < m.breakdowns().size(); i++) {
                if (!keys.contains(m.breakdowns().get(i))) {
                    throw at.error("/breakdowns/" + i, "'" + m.breakdowns().get(i) + "' is not a key of the problems; they have " + String.join(", ", keys));
                }
            }
        }
        for (Map.Entry<String, PromptTemplate> e : m.prompts().entrySet()) {
            String where = "/prompts/" + e.getKey();
            PromptTemplate t = e.getValue();
            if (t == null || t.kind() == null || !(t.kind().equals("chat") || t.kind().equals("text"))) {
                throw at.error(where + "/kind", "kind is chat (one user message) or text (raw text to continue)");
            }
            if (t.template() == null) throw at.error(where, "template is missing");
            Set<String> used;
            try {
                used = t.variables();
            } catch (IllegalArgumentException bad) {
                throw at.error(where + "/template", bad.getMessage());
            }
            for (String v : used) {
                if (!keys.contains(v)) {
                    throw at.error(where + "/template", "{{" + v + "}} is not a key of the problems; they have " + String.join(", ", keys)
                            + " (add it under metadata to use it)");
                }
            }
        }
    }

    private static void grader(Manifest m, SuiteFile.Located at) throws UsageException {
        Grader found = null;
        List<String> names = new java.util.ArrayList<>();
        for (Grader g : ServiceLoader.load(Grader.class)) {
            names.add(g.name());
            if (g.name().equals(m.grader())) found = g;
        }
        if (found == null) throw at.error("/grader", "no grader '" + m.grader() + "' is installed; installed: " + String.join(", ", names.stream().sorted().toList()));
        try {
            found.withOptions(m.graderOptions());
        } catch (UsageException e) {
            throw at.error("/grader_options", e.getMessage());
        }
    }

    private static void defaults(Manifest.Defaults d, SuiteFile.Located at) throws UsageException {
        if (!(d.temperature() >= 0 && d.temperature() <= 2)) throw at.error("/defaults/temperature", "must be between 0 and 2");
        if (!(d.topP() > 0 && d.topP() <= 1)) throw at.error("/defaults/top_p", "must be above 0 and at most 1");
        if (d.topK() < 0) throw at.error("/defaults/top_k", "must be 0 (off) or more");
        if (d.maxTokens() < 1) throw at.error("/defaults/max_tokens", "must be at least 1");
        if (d.samples() < 1) throw at.error("/defaults/samples", "must be at least 1");
    }
}
