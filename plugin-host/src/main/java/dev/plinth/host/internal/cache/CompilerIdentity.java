package dev.plinth.host.internal.cache;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * What besides a module's bytes decides the classes Chicory compiles it to: the versions of
 * Chicory's compiler and runtime (read from their jars' Maven metadata) and the Java feature
 * release, part of every compile cache key so that an upgrade of any of them is a miss.
 */
public final class CompilerIdentity {
    private static final Optional<String> IDENTITY = read();

    private CompilerIdentity() {
    }

    /** The identity, or empty when Chicory's versions cannot be told (a repackaged jar without its metadata). */
    public static Optional<String> current() {
        return IDENTITY;
    }

    private static Optional<String> read() {
        Optional<String> compiler = version(MachineFactoryCompiler.class, "compiler");
        Optional<String> runtime = version(Instance.class, "runtime");
        if (compiler.isEmpty() || runtime.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("chicory-compiler " + compiler.get() + "\nchicory-runtime " + runtime.get() + "\njava "
                + Runtime.version().feature());
    }

    private static Optional<String> version(Class<?> anchor, String artifact) {
        try (InputStream in = anchor.getResourceAsStream("/META-INF/maven/com.dylibso.chicory/" + artifact
                + "/pom.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version")).filter(v -> !v.isBlank());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
