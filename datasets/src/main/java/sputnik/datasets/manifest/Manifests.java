package sputnik.datasets.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import sputnik.harness.util.Json;

/** The manifests shipped in this jar, listed in resources/sputnik/manifests/index. */
public final class Manifests {
    private static final String DIR = "/sputnik/manifests/";

    private Manifests() {}

    public static List<Manifest> all() {
        List<Manifest> out = new ArrayList<>();
        for (String name : read(DIR + "index").split("\\R")) {
            if (!name.isBlank() && !name.startsWith("#")) out.add(parse(read(DIR + name.strip() + ".json"), name.strip()));
        }
        return out;
    }

    static Manifest parse(String json, String name) {
        try {
            Manifest m = Json.MAPPER.readValue(json, Manifest.class);
            if (!name.equals(m.name())) throw new IllegalStateException("manifest " + name + ".json names itself " + m.name());
            return m;
        } catch (IOException e) {
            throw new IllegalStateException("manifest " + name + ".json is malformed: " + e.getMessage(), e);
        }
    }

    static String read(String resource) {
        try (InputStream in = Manifests.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
