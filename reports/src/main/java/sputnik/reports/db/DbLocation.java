package sputnik.reports.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import sputnik.harness.api.UsageException;

/**
 * Which results database to use: {@code --db}, else {@code $SPUTNIK_DB}, else the embedded file
 * under the user's data directory. Forms: {@code postgresql://[user[:password]@]host[:port]/db[?k=v]}
 * (also {@code postgres://} and {@code jdbc:postgresql://}), {@code sqlite:PATH}, or a plain file path.
 *
 * <p>A password may be in the URL or in {@code $PGPASSWORD} (as psql reads it); it is passed to the
 * driver as a property and never appears in {@link #display()}, which is what messages print.
 */
public record DbLocation(Kind kind, String jdbcUrl, Path file, Properties properties, String display) {
    public enum Kind { SQLITE, POSTGRESQL }

    public static final String ENV = "SPUTNIK_DB";

    /** {@code flag} if given, else $SPUTNIK_DB, else the default embedded database. */
    public static DbLocation resolve(String flag) throws UsageException {
        if (flag != null && !flag.isBlank()) return parse(flag, "--db");
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return parse(env, "$" + ENV);
        return sqlite(defaultFile());
    }

    /** Whether a database is configured ($SPUTNIK_DB): then run, grade and compare index what they wrote. */
    public static boolean configured() {
        String env = System.getenv(ENV);
        return env != null && !env.isBlank();
    }

    /** {@code $XDG_DATA_HOME/sputnik/results.db}, else {@code ~/.local/share/sputnik/results.db}. */
    public static Path defaultFile() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("sputnik").resolve("results.db");
    }

    public static DbLocation parse(String spec, String from) throws UsageException {
        String s = spec.strip();
        if (s.startsWith("jdbc:postgresql:")) return postgres(s.substring("jdbc:".length()), from);
        if (s.startsWith("postgresql:") || s.startsWith("postgres:")) return postgres(s, from);
        if (s.startsWith("jdbc:sqlite:")) return sqlite(Path.of(s.substring("jdbc:sqlite:".length())));
        if (s.startsWith("sqlite:")) return sqlite(Path.of(s.substring("sqlite:".length())));
        if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new UsageException(from + " " + redact(s) + ": unknown database; give postgresql://user@host:port/db, sqlite:FILE or a file path");
        }
        return sqlite(Path.of(s));
    }

    static DbLocation sqlite(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new DbLocation(Kind.SQLITE, "jdbc:sqlite:" + abs, abs, new Properties(), abs.toString());
    }

    private static DbLocation postgres(String url, String from) throws UsageException {
        URI u;
        try {
            u = new URI(url.replaceFirst("^postgres(ql)?:", "postgresql:"));
        } catch (URISyntaxException e) {
            throw new UsageException(from + " " + redact(url) + " is not a valid URL (" + e.getReason() + "); give postgresql://user@host:port/db");
        }
        if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) {
            throw new UsageException(from + " " + redact(url) + " names no host or database; give postgresql://user@host:port/db");
        }
        Properties p = new Properties();
        String user = null;
        if (u.getRawUserInfo() != null) {
            String[] ui = u.getRawUserInfo().split(":", 2);
            user = decode(ui[0]);
            p.setProperty("user", user);
            if (ui.length == 2) p.setProperty("password", decode(ui[1]));
        }
        if (!p.containsKey("password") && System.getenv("PGPASSWORD") != null) p.setProperty("password", System.getenv("PGPASSWORD"));
        // Many rows per round trip: the driver rewrites a batch of inserts into multi-row inserts.
        p.setProperty("reWriteBatchedInserts", "true");
        String hostPort = u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
        String jdbc = "jdbc:postgresql://" + hostPort + u.getRawPath() + query;
        String display = "postgresql://" + (user != null ? user + (p.containsKey("password") ? ":***" : "") + "@" : "") + hostPort + u.getRawPath();
        return new DbLocation(Kind.POSTGRESQL, jdbc, null, p, display);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced, for messages. */
    static String redact(String url) {
        return url.replaceFirst("(://[^:/@]*:)[^@/]*@", "$1***@");
    }
}
