package dev.plinth.spring;

import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies the sample plugins and fixtures, as the build made them, into test folders. */
public final class SamplePlugins {
    private SamplePlugins() {
    }

    /** Copies sample plugins (from {@code sample-plugins/target/plugins}) into {@code dir}; returns {@code dir}. */
    public static Path copy(Path dir, String... names) {
        for (String name : names) {
            copyTree(TestPlugins.sample(name), dir.resolve(name));
        }
        return dir;
    }

    /** Copies a fixture (from {@code sample-plugins/target/fixtures}) into {@code dir}. */
    public static Path copyFixture(Path dir, String name) {
        return copyTree(TestPlugins.fixture(name), dir.resolve(name));
    }

    public static Path copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
