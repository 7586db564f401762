package sputnik.harness.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.sweep.K8sManifest;

@Command(name = "k8s", mixinStandardHelpOptions = true, description = "Run a sweep on Kubernetes: manifests for an Indexed Job of shards and a merge Job.",
        subcommands = {K8sCommand.Manifest.class})
public final class K8sCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: manifest");
    }

    @Command(name = "manifest", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Print the manifests (YAML, for kubectl apply -f -) of a run split in N shards: an Indexed Job whose pod I runs",
                "'run ... --shard I/N' (the index from $JOB_COMPLETION_INDEX) into <mount>/<name>/shards/I-of-N, and a merge Job that waits",
                "for every shard to be complete and writes <mount>/<name>/run. Both mount an existing PersistentVolumeClaim every pod can write.",
                "The run's arguments come after --, as for 'sputnik run', without --out or --shard."},
            footer = {"", "Example:", "  sputnik k8s manifest --shards 16 --image registry.example/sputnik:0.1 --name r1-aime \\",
                "      --secret-env OPENAI_API_KEY=llm-keys:openai -- --suite aime2024 --samples 64 --engine openai --base-url http://vllm:8000/v1 \\",
                "    | kubectl apply -f -"})
    static final class Manifest implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--shards", required = true, paramLabel = "N", description = "Shards (pods of the Indexed Job).")
        int shards;

        @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "The Sputnik image (see dist/Containerfile).")
        String image;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "sputnik-sweep",
                description = "The sweep's name: the Jobs' names and its directory on the volume (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--parallelism", paramLabel = "P", description = "Shards running at once (default: all).")
        Integer parallelism;

        @Option(names = "--claim", paramLabel = "PVC", defaultValue = "sputnik-runs",
                description = "The PersistentVolumeClaim holding the run directories (ReadWriteMany) (default: ${DEFAULT-VALUE}).")
        String claim;

        @Option(names = "--mount", paramLabel = "PATH", defaultValue = "/runs", description = "Where pods mount it (default: ${DEFAULT-VALUE}).")
        String mount;

        @Option(names = "--secret-env", paramLabel = "VAR=SECRET:KEY",
                description = "An environment variable taken from a Kubernetes Secret, e.g. OPENAI_API_KEY=llm-keys:openai (repeatable).")
        List<String> secretEnv = List.of();

        @Option(names = "--cpu", paramLabel = "CPU", defaultValue = "2", description = "CPU each pod requests (default: ${DEFAULT-VALUE}).")
        String cpu;

        @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "4Gi", description = "Memory each pod requests (default: ${DEFAULT-VALUE}).")
        String memory;

        @Parameters(paramLabel = "RUN_ARGS", arity = "1..*", description = "The run's arguments, after --.")
        List<String> runArgs;

        @Override
        public Integer call() throws Exception {
            var cmd = spec.commandLine();
            SweepArgs.check(cmd, shards, runArgs, "the manifest");
            if (!name.matches("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?")) {
                throw new CommandLine.ParameterException(cmd, "--name must be a DNS label (lower-case letters, digits, '-'; at most 42 characters), got " + name);
            }
            int p = parallelism == null ? shards : parallelism;
            if (p < 1) throw new CommandLine.ParameterException(cmd, "--parallelism must be at least 1, got " + p);
            Map<String, String> secrets = new LinkedHashMap<>();
            for (String s : secretEnv) {
                if (!s.matches("[A-Za-z_][A-Za-z0-9_]*=[a-z0-9.-]+:[-._a-zA-Z0-9]+")) {
                    throw new CommandLine.ParameterException(cmd, "--secret-env must be VAR=SECRET:KEY, e.g. OPENAI_API_KEY=llm-keys:openai, got " + s);
                }
                secrets.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
            }
            cmd.getOut().print(K8sManifest.render(new K8sManifest.Spec(name, image, shards, p, claim, mount, runArgs, secrets, cpu, memory)));
            cmd.getOut().flush();
            return 0;
        }
    }
}
