package sputnik.dist;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import sputnik.harness.cli.Main;

/** Runs the sputnik CLI in-process and captures what it printed. */
record Cli(int exit, String out, String err) {
    static final Path REPLAY = Path.of("..", "examples", "arith-replay.jsonl").toAbsolutePath().normalize();

    /** The command line of the CLI in a fresh JVM on this test's class path (for tests that kill it or run it elsewhere). */
    static java.util.List<String> command(String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules=jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), "sputnik.harness.cli.Main"));
        cmd.addAll(java.util.List.of(args));
        return cmd;
    }

    /** Runs the CLI with no shared data mirror (as on a machine without ../shared): {@code nowhere} stands in for it. */
    static Cli runWithoutSharedMirror(Path nowhere, String... args) {
        String shared = System.getProperty("sputnik.shared");
        System.setProperty("sputnik.shared", nowhere.toString());
        try {
            return run(args);
        } finally {
            if (shared == null) System.clearProperty("sputnik.shared");
            else System.setProperty("sputnik.shared", shared);
        }
    }

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /** The CLI run to its end in a fresh JVM, with {@code env} (NAME, VALUE, ...) added to its environment. */
    record Process(int exit, String out, String err) {
        static Process start(java.util.List<String> args, String... env) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(command(args.toArray(String[]::new)));
            for (int i = 0; i + 1 < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
            Path out = java.nio.file.Files.createTempFile("sputnik-out", ".txt"), err = java.nio.file.Files.createTempFile("sputnik-err", ".txt");
            try {
                int code = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
                return new Process(code, java.nio.file.Files.readString(out), java.nio.file.Files.readString(err));
            } finally {
                java.nio.file.Files.deleteIfExists(out);
                java.nio.file.Files.deleteIfExists(err);
            }
        }
    }
}
