package dev.plinth.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testing.ComponentWat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The tests' assembler keeps what jco wrote and treats a damaged entry as a miss. */
class ComponentWatCacheTest {
    private static final Path CACHE = Path.of(System.getProperty("plinth.jco")).toAbsolutePath()
            .getParent().getParent().getParent().resolve("parse-cache");

    @Test
    void aTextAssembledAgainComesFromTheCacheAndADamagedEntryIsAssembledAfresh() throws IOException {
        String wat = ";; " + UUID.randomUUID() + "\n(component (core module))";
        List<Path> before = entries();

        byte[] first = ComponentWat.assemble(wat);
        List<Path> added = entries().stream().filter(entry -> !before.contains(entry)).toList();
        assertThat(added).hasSize(1);
        Path entry = added.get(0);
        assertThat(Files.readAllBytes(entry)).isEqualTo(first);
        assertThat(Component.parse(first).coreModules()).hasSize(1);

        Files.write(entry, new byte[] {1, 2, 3});
        assertThat(ComponentWat.assemble(wat)).isEqualTo(first);
        assertThat(Files.readAllBytes(entry)).isEqualTo(first);
    }

    private static List<Path> entries() throws IOException {
        if (!Files.isDirectory(CACHE)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(CACHE)) {
            return files.toList();
        }
    }
}
