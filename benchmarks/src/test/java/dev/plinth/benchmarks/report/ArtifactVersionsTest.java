package dev.plinth.benchmarks.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactVersionsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheVersionMavenRecordedInAShadedJar() throws IOException {
        Path jar = dir.resolve("benchmarks-extism.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "META-INF/maven/org.extism.sdk/chicory-sdk-core/pom.properties",
                    "artifactId=chicory-sdk-core\ngroupId=org.extism.sdk\nversion=0.3.0\n");
            entry(out, "META-INF/maven/com.dylibso.chicory/runtime/pom.properties",
                    "artifactId=runtime\ngroupId=com.dylibso.chicory\nversion=1.4.0\n");
        }

        assertThat(Versions.fromJars(dir.resolve("missing.jar"), jar))
                .isEqualTo(new Versions(SuiteInfo.UNKNOWN, "0.3.0", "1.4.0"));
        assertThat(ArtifactVersions.inJar(jar, "org.slf4j", "slf4j-api")).isEmpty();
    }

    private static void entry(JarOutputStream jar, String name, String content) throws IOException {
        jar.putNextEntry(new ZipEntry(name));
        jar.write(content.getBytes(UTF_8));
        jar.closeEntry();
    }
}
