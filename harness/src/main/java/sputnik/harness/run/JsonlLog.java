package sputnik.harness.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import sputnik.harness.api.UsageException;
import sputnik.harness.util.Json;

/**
 * An append-only JSONL file of records of one type. Each record is written as one complete line in
 * a single write, so a process killed mid-way leaves at most one torn line at the end; opening the
 * log drops that torn tail (it was never a finished record). A malformed line anywhere else is
 * somebody's edit, not ours to discard: it is reported and the file is left untouched.
 *
 * <p>Appends go through a {@link FileOutputStream}, not a {@link FileChannel}: a channel is closed for
 * every thread when a thread writing to it is interrupted, and the runner interrupts threads on
 * timeouts and Ctrl-C.
 */
public final class JsonlLog<T> implements AutoCloseable {
    private final Path path;
    private final Class<T> type;
    private final FileOutputStream out;
    private final boolean durable;

    private JsonlLog(Path path, Class<T> type, FileOutputStream out, boolean durable) {
        this.path = path;
        this.type = type;
        this.out = out;
        this.durable = durable;
    }

    /** Opens (creating if needed) for appending, after dropping a torn last line. */
    public static <T> JsonlLog<T> open(Path path, Class<T> type, boolean durable) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long end = completeLength(ch, size);
            if (end < size) ch.truncate(end);
        }
        return new JsonlLog<>(path, type, new FileOutputStream(path.toFile(), true), durable);
    }

    /** Reads every complete record; a torn last line is ignored (not removed: that is open's job). */
    public static <T> List<T> read(Path path, Class<T> type) throws IOException, UsageException {
        List<T> out = new ArrayList<>();
        if (!Files.exists(path)) return out;
        byte[] bytes = Files.readAllBytes(path);
        int lineNo = 0;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') continue;
            lineNo++;
            String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            if (line.isBlank()) continue;
            try {
                out.add(Json.MAPPER.readValue(line, type));
            } catch (JsonProcessingException e) {
                throw new UsageException(path + " line " + lineNo + " is not a valid record (" + e.getOriginalMessage()
                        + "): repair or delete that line, then run again");
            }
        }
        return out;
    }

    /**
     * Appends one record. A write that fails part-way (a full disk) would leave a torn line; the file is cut
     * back to where it ended before, so what is on disk stays a list of whole records.
     */
    public synchronized void append(T record) throws IOException {
        byte[] line = (Json.line(record) + "\n").getBytes(StandardCharsets.UTF_8);
        long before = Files.size(path);
        try {
            out.write(line);
            if (durable) out.getFD().sync();
        } catch (IOException e) {
            cutBackTo(before, e);
            throw e;
        }
    }

    /** Truncation frees space and needs none, so it works on the full disk that made the write fail. */
    private void cutBackTo(long length, IOException failure) {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            if (f.length() > length) f.setLength(length);
        } catch (IOException e) {
            failure.addSuppressed(e); // the next open drops the torn line instead
        }
    }

    public Path path() {
        return path;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** Length of the prefix that ends with a newline: everything after it is a torn line. */
    private static long completeLength(FileChannel ch, long size) throws IOException {
        long pos = size;
        ByteBuffer one = ByteBuffer.allocate(8192);
        while (pos > 0) {
            int n = (int) Math.min(one.capacity(), pos);
            one.clear().limit(n);
            ch.read(one, pos - n);
            for (int i = n - 1; i >= 0; i--) {
                if (one.get(i) == '\n') return pos - n + i + 1;
            }
            pos -= n;
        }
        return 0;
    }
}
