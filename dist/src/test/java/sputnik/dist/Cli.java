package sputnik.dist;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import sputnik.harness.cli.Main;

/** Runs the sputnik CLI in-process and captures what it printed. */
record Cli(int exit, String out, String err) {
    static final Path REPLAY = Path.of("..", "examples", "arith-replay.jsonl").toAbsolutePath().normalize();

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }
}
