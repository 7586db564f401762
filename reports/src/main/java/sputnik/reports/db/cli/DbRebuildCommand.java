package sputnik.reports.db.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sputnik.harness.api.UsageException;
import sputnik.reports.db.ResultsDb;

@Command(name = "rebuild", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recreate the results database from run directories: empty it, then index every run directory found under",
            "the given directories (a directory holding run.json, up to 4 levels down). The directories are the record; the",
            "database is only an index of them."},
        footer = {"", "Example:", "  sputnik db rebuild runs"})
public final class DbRebuildCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Run directories, or directories holding them.")
    List<Path> roots;

    @Option(names = "--with-text", description = "Also store each sample's response and reasoning text.")
    boolean withText;

    @CommandLine.Mixin
    DbOptions dbOptions;

    @Override
    public Integer call() throws Exception {
        List<Path> runs = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) throw new UsageException(root + " is not a directory; give run directories or directories holding them");
            try (Stream<Path> s = Files.walk(root, 4)) {
                s.filter(p -> p.getFileName().toString().equals("run.json") && Files.isRegularFile(p)).map(Path::getParent).sorted()
                        .forEach(runs::add);
            } catch (IOException e) {
                throw new UsageException("cannot read " + root + ": " + e.getMessage());
            }
        }
        if (runs.isEmpty()) throw new UsageException("no run directory (one holding run.json) under " + roots + "; nothing to rebuild from");
        ResultsDb db = dbOptions.open();
        int removed;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try (var rs = st.executeQuery("SELECT COUNT(*) FROM runs")) {
                rs.next();
                removed = rs.getInt(1);
            }
            // Children first: SQLite enforces the foreign keys only when asked, PostgreSQL always.
            st.executeUpdate("DELETE FROM samples");
            st.executeUpdate("DELETE FROM run_problems");
            st.executeUpdate("DELETE FROM runs");
            c.commit();
        } catch (SQLException e) {
            throw new UsageException("could not empty " + db.location().display() + ": " + e.getMessage());
        }
        var err = spec.commandLine().getErr();
        err.println("sputnik: emptied " + db.location().display() + " (" + removed + " runs); indexing " + runs.size() + " run directories");
        return DbIndexCommand.indexAll(db, runs, withText, err);
    }
}
