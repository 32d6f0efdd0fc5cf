package dev.plinth.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the sample plugins the build produced, from the repository root or a module folder. */
final class SamplePlugins {
    private SamplePlugins() {
    }

    static Path sample(String name) {
        String configured = System.getProperty("plinth.samplePlugins");
        for (String base : configured == null
                ? new String[] {"sample-plugins/target/plugins", "../sample-plugins/target/plugins"}
                : new String[] {configured}) {
            Path dir = Path.of(base, name);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("sample plugin " + name + " not found; run the benchmarks from the repository"
                + " root after building (bash scripts/build-plugins.sh), or set -Dplinth.samplePlugins=DIR");
    }
}
