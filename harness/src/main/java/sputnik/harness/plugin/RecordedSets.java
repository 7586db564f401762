package sputnik.harness.plugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import sputnik.harness.api.RecordedSet;
import sputnik.harness.api.RecordedSetProvider;
import sputnik.harness.api.RecordedSetProvider.RecordedSetInfo;
import sputnik.harness.api.SuiteContext;
import sputnik.harness.api.UsageException;

/** The recorded response sets installed on the class path, for the commands and engines that use them. */
public final class RecordedSets {
    private RecordedSets() {}

    public static List<RecordedSetInfo> all() {
        List<RecordedSetInfo> out = new ArrayList<>();
        for (RecordedSetProvider p : ServiceLoader.load(RecordedSetProvider.class)) out.addAll(p.sets());
        return out;
    }

    /** Loads the named set; an unknown name is a usage error that lists the known ones. */
    public static RecordedSet load(String name, SuiteContext context) throws UsageException, IOException {
        for (RecordedSetProvider p : ServiceLoader.load(RecordedSetProvider.class)) {
            if (p.sets().stream().anyMatch(s -> s.name().equals(name))) return p.load(name, context);
        }
        List<String> known = all().stream().map(RecordedSetInfo::name).toList();
        throw new UsageException("unknown recorded set '" + name + "'; installed: " + (known.isEmpty() ? "none" : String.join(", ", known))
                + " (see 'sputnik recorded')");
    }
}
