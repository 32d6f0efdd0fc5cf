package dev.plinth.spring;

import dev.plinth.testing.TestPlugins;
import java.nio.file.Path;

/** Copies the sample plugins and fixtures, as the build made them, into test folders. */
public final class SamplePlugins {
    private SamplePlugins() {
    }

    /** Copies sample plugins (from {@code sample-plugins/target/plugins}) into {@code dir}; returns {@code dir}. */
    public static Path copy(Path dir, String... names) {
        for (String name : names) {
            TestPlugins.copyTree(TestPlugins.sample(name), dir.resolve(name));
        }
        return dir;
    }

    /** Copies a fixture (from {@code sample-plugins/target/fixtures}) into {@code dir}. */
    public static Path copyFixture(Path dir, String name) {
        return TestPlugins.copyTree(TestPlugins.fixture(name), dir.resolve(name));
    }

}
