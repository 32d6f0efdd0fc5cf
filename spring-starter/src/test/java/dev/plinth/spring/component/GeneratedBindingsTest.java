package dev.plinth.spring.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.bindgen.GeneratedSource;
import dev.plinth.bindgen.JavaBindgen;
import dev.plinth.component.wit.WitParser;
import dev.plinth.testing.ShelfWat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bindings this module's tests compile against ({@code plinth} for the Rust {@code text-component},
 * {@code shelf} for {@link ShelfWat}), with their {@code @PluginClient} interfaces, are what bindgen writes now:
 * regenerated here and compared file by file, so the Spring tests run bindgen's real output.
 */
class GeneratedBindingsTest {
    private static final Path TESTS = Path.of("src/test/java");

    @TempDir
    Path dir;

    @Test
    void thePlinthPluginWorldWithItsClientForTextComponent() throws Exception {
        assertCommitted(WitParser.load(Path.of("../wit/plinth.wit")), "plugin", "dev.plinth.spring.component.plinth",
                "text-component");
    }

    @Test
    void theShelfWorldWithItsImportsAndItsClient() throws Exception {
        Path wit = Files.writeString(dir.resolve("shelf.wit"), ShelfWat.WIT);
        assertCommitted(WitParser.load(wit), "shelf", "dev.plinth.spring.component.shelf", "shelf");
    }

    private static void assertCommitted(dev.plinth.component.wit.ResolvedWit wit, String world, String javaPackage,
            String client) throws Exception {
        List<GeneratedSource> sources = JavaBindgen.generate(wit, Optional.of(world), javaPackage, Optional.of(client));
        for (GeneratedSource source : sources) {
            Path committed = TESTS.resolve(source.path());
            assertThat(committed).as(source.path()).isRegularFile();
            assertThat(Files.readString(committed)).as(source.path()).isEqualTo(source.content());
        }
        try (Stream<Path> files = Files.list(TESTS.resolve(javaPackage.replace('.', '/')))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(sources.stream()
                            .map(s -> Path.of(s.path()).getFileName().toString()).toList());
        }
    }
}
