package dev.plinth.spring.info;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The versions of what runs, as the builds recorded them rather than as written in code: Plinth's
 * from the resource its build filters, Chicory's from the {@code pom.properties} Maven put in its
 * jar. {@code unknown} when a resource is missing (classes run from a folder without them).
 */
final class BuildVersions {
    static final String UNKNOWN = "unknown";
    private static final String PLINTH = "dev/plinth/spring/info/plinth-build.properties";
    private static final String CHICORY = "META-INF/maven/com.dylibso.chicory/runtime/pom.properties";

    private BuildVersions() {
    }

    static String plinth() {
        return property(PLINTH, "version").filter(v -> !v.startsWith("${")).orElse(UNKNOWN);
    }

    static String chicory() {
        return property(CHICORY, "version").orElse(UNKNOWN);
    }

    private static Optional<String> property(String resource, String key) {
        try (InputStream in = BuildVersions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty(key)).map(String::strip).filter(v -> !v.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
