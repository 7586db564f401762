package sputnik.engines.builtin.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sputnik.harness.util.Hashing;

class ModelHashesTest {
    @TempDir
    Path dir;

    @Test
    void aHashIsComputedOnceAndRecomputedWhenTheFileChanges() throws Exception {
        Path f = dir.resolve("m.gguf");
        Files.writeString(f, "weights one");
        FileTime t = FileTime.fromMillis(1_700_000_000_000L);
        Files.setLastModifiedTime(f, t);
        ModelHashes hashes = new ModelHashes(dir.resolve("cache"));
        String first = hashes.sha256(f);
        assertThat(first).isEqualTo(Hashing.sha256(f));
        assertThat(dir.resolve("cache/model-sha256.json")).exists();

        // same size and time: the cached value is used without reading the file (which now differs)
        Files.writeString(f, "weights two");
        Files.setLastModifiedTime(f, t);
        assertThat(new ModelHashes(dir.resolve("cache")).sha256(f)).isEqualTo(first);

        // a new modification time: hashed again
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_001_000L));
        assertThat(hashes.sha256(f)).isEqualTo(Hashing.sha256(f)).isNotEqualTo(first);
    }

    @Test
    void aDamagedCacheIsIgnored() throws Exception {
        Path f = dir.resolve("m.gguf");
        Files.writeString(f, "weights");
        Files.createDirectories(dir.resolve("cache"));
        Files.writeString(dir.resolve("cache/model-sha256.json"), "{not json");
        assertThat(new ModelHashes(dir.resolve("cache")).sha256(f)).isEqualTo(Hashing.sha256(f));
    }
}
