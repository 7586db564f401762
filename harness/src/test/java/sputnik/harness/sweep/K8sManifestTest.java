package sputnik.harness.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sputnik.harness.run.Shard;

/**
 * The manifests, read back as kubectl would read them and held to the fields of the Kubernetes batch/v1
 * Job schema they use (types, allowed values, and the rules that tie them together).
 */
class K8sManifestTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    List<JsonNode> docs(String yaml) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) out.add(it.next());
        }
        return out;
    }

    @Test
    void anIndexedJobOfShardsAndAMergeJobOnOneVolume() throws Exception {
        String yaml = K8sManifest.render(new K8sManifest.Spec("r1-aime", "registry.example/sputnik:0.1", 8, 4, "sputnik-runs", "/runs",
                List.of("--suite", "aime2024", "--samples", "64", "--temperature", "0.6", "--engine", "openai", "--base-url", "http://vllm:8000/v1"),
                Map.of("OPENAI_API_KEY", "llm-keys:openai"), "2", "4Gi"));
        List<JsonNode> jobs = docs(yaml);
        assertThat(jobs).hasSize(2);
        for (JsonNode job : jobs) {
            assertThat(job.path("apiVersion").asText()).isEqualTo("batch/v1");
            assertThat(job.path("kind").asText()).isEqualTo("Job");
            assertThat(job.path("metadata").path("name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
            JsonNode pod = job.path("spec").path("template").path("spec");
            // A Job's pods may only restart Never or OnFailure; backoffLimitPerIndex needs Never.
            assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
            JsonNode c = pod.path("containers").get(0);
            assertThat(c.path("image").asText()).isEqualTo("registry.example/sputnik:0.1");
            for (JsonNode a : c.path("command")) assertThat(a.isTextual()).isTrue();
            for (JsonNode a : c.path("args")) assertThat(a.isTextual()).as("args are strings: " + a).isTrue();
            Set<String> volumes = new HashSet<>();
            for (JsonNode v : pod.path("volumes")) {
                volumes.add(v.path("name").asText());
                assertThat(v.path("persistentVolumeClaim").path("claimName").asText()).isEqualTo("sputnik-runs");
            }
            for (JsonNode m : c.path("volumeMounts")) assertThat(volumes).contains(m.path("name").asText());
            JsonNode secret = c.path("env").get(0);
            assertThat(secret.path("name").asText()).isEqualTo("OPENAI_API_KEY");
            assertThat(secret.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("llm-keys");
            assertThat(secret.path("valueFrom").path("secretKeyRef").path("key").asText()).isEqualTo("openai");
            assertThat(yaml).doesNotContain("sk-");
        }
        JsonNode shards = jobs.get(0).path("spec");
        assertThat(shards.path("completionMode").asText()).isEqualTo("Indexed");
        assertThat(shards.path("completions").asInt()).isEqualTo(8);
        assertThat(shards.path("parallelism").asInt()).isEqualTo(4);
        List<String> args = new ArrayList<>();
        shards.path("template").path("spec").path("containers").get(0).path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).startsWith("run").contains("64", "0.6").containsSequence("--shard", "auto/8")
                .containsSequence("--out", "/runs/r1-aime/shards/$(JOB_COMPLETION_INDEX)-of-8");
        // What pod 5 runs: Kubernetes sets JOB_COMPLETION_INDEX=5 and expands $(JOB_COMPLETION_INDEX) in args.
        assertThat(Shard.parse("auto/8", Map.of("JOB_COMPLETION_INDEX", "5"))).isEqualTo(new Shard(5, 8));
        List<String> merge = new ArrayList<>();
        jobs.get(1).path("spec").path("template").path("spec").path("containers").get(0).path("args").forEach(a -> merge.add(a.asText()));
        assertThat(merge).startsWith("merge").contains("/runs/r1-aime/shards/0-of-8", "/runs/r1-aime/shards/7-of-8")
                .containsSequence("--out", "/runs/r1-aime/run").contains("--wait");
    }
}
