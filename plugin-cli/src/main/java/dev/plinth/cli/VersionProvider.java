package dev.plinth.cli;

import dev.plinth.api.manifest.HostApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code plinth --version}: the build's version, the guest API it implements, and what it runs on. */
final class VersionProvider implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        Properties build = load();
        return new String[] {
            "plinth " + build.getProperty("version", "unknown"),
            "host-api " + HostApi.CURRENT + ", Chicory " + build.getProperty("chicory", "unknown") + ", Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return properties;
    }
}
