package dev.plinth.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Reads the version of a library from the {@code pom.properties} Maven puts in every jar, which the
 * shaded benchmark jars keep: the report names the versions that were measured, not the ones a
 * pom asked for at some point.
 */
final class ArtifactVersions {
    private ArtifactVersions() {
    }

    /** The version of {@code groupId:artifactId} inside the jar, empty if the jar or the entry is missing. */
    static Optional<String> inJar(Path jar, String groupId, String artifactId) {
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry("META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties");
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = file.getInputStream(entry)) {
                Properties properties = new Properties();
                properties.load(in);
                return Optional.ofNullable(properties.getProperty("version"));
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
