package sputnik.harness.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as Kubernetes Jobs: an Indexed Job whose pod I runs shard I ({@code --shard auto/N}, the index
 * from {@code $JOB_COMPLETION_INDEX}), and a merge Job that waits until every shard is complete and
 * puts them together. Both mount one volume (an existing PersistentVolumeClaim that every pod can
 * write) where the sweep's directory lives. Secrets reach the pods from Kubernetes Secrets as
 * environment variables, never in the manifest.
 */
public final class K8sManifest {
    private K8sManifest() {}

    /**
     * @param secretEnv environment variable -> "secret-name:key"
     */
    public record Spec(String name, String image, int shards, int parallelism, String claim, String mountPath, List<String> runArgs,
            Map<String, String> secretEnv, String cpu, String memory) {}

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    public static String render(Spec s) throws IOException {
        String dir = s.mountPath() + "/" + s.name();
        List<String> shardArgs = new ArrayList<>(List.of("run"));
        shardArgs.addAll(s.runArgs());
        // Kubernetes puts the pod's index in $JOB_COMPLETION_INDEX and expands $(VAR) in args from the container's environment.
        shardArgs.addAll(List.of("--shard", "auto/" + s.shards(), "--out", dir + "/shards/$(JOB_COMPLETION_INDEX)-of-" + s.shards()));
        Map<String, Object> indexed = new LinkedHashMap<>();
        indexed.put("completionMode", "Indexed");
        indexed.put("completions", s.shards());
        indexed.put("parallelism", s.parallelism());
        indexed.put("backoffLimitPerIndex", 3); // a pod that fails is run again, and resumes its shard
        indexed.put("maxFailedIndexes", 0);
        Map<String, Object> shardJob = job(s.name() + "-shards", s, "shard", shardArgs, indexed);
        List<String> merge = new ArrayList<>(List.of("merge"));
        for (int i = 0; i < s.shards(); i++) merge.add(dir + "/shards/" + i + "-of-" + s.shards());
        merge.addAll(List.of("--out", dir + "/run", "--wait"));
        Map<String, Object> mergeJob = job(s.name() + "-merge", s, "merge", merge, Map.of());
        return YAML.writeValueAsString(shardJob) + "---\n" + YAML.writeValueAsString(mergeJob);
    }

    /** A Job whose pod runs {@code sputnik ARGS}; {@code extraSpec} joins the Job's spec (the indexed fields of the shard Job). */
    private static Map<String, Object> job(String name, Spec s, String role, List<String> args, Map<String, Object> extraSpec) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", role);
        container.put("image", s.image());
        container.put("command", List.of("sputnik"));
        container.put("args", args);
        List<Map<String, Object>> env = new ArrayList<>();
        for (var e : s.secretEnv().entrySet()) {
            String[] ref = e.getValue().split(":", 2);
            env.add(Map.of("name", e.getKey(), "valueFrom", Map.of("secretKeyRef", Map.of("name", ref[0], "key", ref[1]))));
        }
        if (!env.isEmpty()) container.put("env", env);
        container.put("resources", Map.of("requests", Map.of("cpu", s.cpu(), "memory", s.memory())));
        container.put("volumeMounts", List.of(Map.of("name", "runs", "mountPath", s.mountPath())));
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "Never");
        podSpec.put("containers", List.of(container));
        podSpec.put("volumes", List.of(Map.of("name", "runs", "persistentVolumeClaim", Map.of("claimName", s.claim()))));
        Map<String, Object> labels = Map.of("app.kubernetes.io/name", "sputnik", "sputnik/sweep", s.name(), "sputnik/role", role);
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", Map.of("labels", labels));
        template.put("spec", podSpec);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("template", template);
        spec.putAll(extraSpec);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        job.put("metadata", Map.of("name", name, "labels", labels));
        job.put("spec", spec);
        return job;
    }
}
