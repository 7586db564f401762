package sputnik.engines.openai.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events as the HTML spec defines them: lines up to a blank line make one event;
 * {@code data:} lines are joined with newlines (one leading space stripped), {@code event:} names the
 * event, lines starting with {@code :} are comments (keep-alives) and are skipped, CR, LF or CRLF
 * all end a line, and an event the stream ends inside of is dropped.
 */
public final class SseReader implements AutoCloseable {
    /** One event: its type ("message" unless named) and its data. */
    record Event(String type, String data) {}

    private final BufferedReader in;

    SseReader(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192);
    }

    /** The next event with data, or null at the end of the stream. */
    Event next() throws IOException {
        StringBuilder data = null;
        String type = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) return new Event(type == null ? "message" : type, data.toString());
                type = null;
                continue;
            }
            if (line.charAt(0) == ':') continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "data" -> {
                    if (data == null) data = new StringBuilder(value);
                    else data.append('\n').append(value);
                }
                case "event" -> type = value;
                default -> {} // id, retry and unknown fields carry nothing we use
            }
        }
        // An event the stream ended inside of is dropped, as the spec says: it may be cut short.
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
