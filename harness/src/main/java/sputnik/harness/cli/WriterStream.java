package sputnik.harness.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A PrintStream onto the command's stderr writer, for the runner (which prints through a PrintStream): its
 * messages then go where picocli's go, the console in use and a writer that tests capture. Bytes are held
 * until a flush (every println, and the progress bar's explicit flushes) and passed on as UTF-8 text.
 */
final class WriterStream extends ByteArrayOutputStream {
    private final PrintWriter writer;

    private WriterStream(PrintWriter writer) {
        this.writer = writer;
    }

    static PrintStream of(PrintWriter writer) {
        return new PrintStream(new WriterStream(writer), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void flush() {
        if (size() > 0) {
            writer.write(toString(StandardCharsets.UTF_8));
            reset();
        }
        writer.flush();
    }
}
