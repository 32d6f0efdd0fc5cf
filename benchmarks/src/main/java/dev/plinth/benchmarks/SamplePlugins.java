package dev.plinth.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the sample plugins the build produced, from the repository root or a module folder. */
final class SamplePlugins {
    private SamplePlugins() {
    }

    static Path sample(String name) {
        return find(name, "plinth.samplePlugins", "plugins");
    }

    static Path bench(String name) {
        return find(name, "plinth.benchPlugins", "bench");
    }

    static Path fixture(String name) {
        return find(name, "plinth.fixtures", "fixtures");
    }

    private static Path find(String name, String property, String folder) {
        String configured = System.getProperty(property);
        for (String base : configured == null
                ? new String[] {"sample-plugins/target/" + folder, "../sample-plugins/target/" + folder}
                : new String[] {configured}) {
            Path dir = Path.of(base, name);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("sample plugin " + name + " not found; run the benchmarks from the repository"
                + " root after building (bash scripts/build-plugins.sh), or set -D" + property + "=DIR");
    }
}
