package dev.plinth.api.manifest;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WIT world a component plugin says it implements ({@code [plugin] world} in {@code plugin.toml}), and
 * where the world's WIT comes from: a directory or file of the plugin ({@code [plugin] wit}), or else the
 * WIT packages the host was given. The host checks the component against it at load.
 *
 * @param namespace the package's namespace, {@code plinth} of {@code plinth:plugin/plugin@0.1.0}
 * @param pkg the package's name, {@code plugin}
 * @param world the world's name, {@code plugin}
 * @param version the package version the component was built against, empty when the name has none
 * @param wit the plugin's own WIT, relative to the plugin directory; empty for the host's packages
 */
public record WorldRef(String namespace, String pkg, String world, Optional<SemanticVersion> version,
        Optional<String> wit) {

    private static final String WORD = "[a-z][a-z0-9]*(?:-[a-z0-9]+)*";
    private static final Pattern NAME = Pattern.compile("(" + WORD + "):(" + WORD + ")/(" + WORD + ")(?:@(.+))?");

    public WorldRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(wit, "wit");
    }

    /**
     * Reads {@code namespace:package/world@version} (the version optional).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static WorldRef parse(String text, Optional<String> wit) {
        Matcher m = NAME.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a world name; write namespace:package/world"
                    + "@version, e.g. \"plinth:plugin/plugin@0.1.0\"");
        }
        Optional<SemanticVersion> version = Optional.ofNullable(m.group(4)).map(SemanticVersion::parse);
        return new WorldRef(m.group(1), m.group(2), m.group(3), version, wit);
    }

    /** The package, {@code plinth:plugin@0.1.0}. */
    public String packageName() {
        return namespace + ":" + pkg + version.map(v -> "@" + v).orElse("");
    }

    /** As written, {@code plinth:plugin/plugin@0.1.0}. */
    @Override
    public String toString() {
        return namespace + ":" + pkg + "/" + world + version.map(v -> "@" + v).orElse("");
    }
}
