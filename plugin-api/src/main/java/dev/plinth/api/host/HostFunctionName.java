package dev.plinth.api.host;

import dev.plinth.api.unit.Quoting;
import java.util.Objects;
import java.util.Set;

/**
 * Where a plugin finds a host function: the wasm import module it imports it from (its
 * <em>namespace</em>, {@value #DEFAULT_NAMESPACE} unless the application chose another, as in
 * Extism) and the import name, both case-sensitive. Manifests and policies write it as
 * {@code "name"} (in the default namespace) or {@code "namespace::name"}, e.g.
 * {@code "host::hostGreenMessage"}; {@link #parse} reads that form and {@link #key} writes it.
 *
 * <p>A namespace may not contain {@code ::}, so text is split at its first {@code ::}. Neither part
 * may be empty, longer than {@value #MAX_CHARS} characters or hold control characters; a name may
 * not be {@code *} (a policy's "every function the plugin asks for"); and the namespaces the host
 * itself provides ({@code extism:host/env}, WASI, {@code plinth:...}) are refused.
 */
public record HostFunctionName(String namespace, String name) implements Comparable<HostFunctionName> {
    /** The namespace of host functions that name none: Extism's {@code extism:host/user}. */
    public static final String DEFAULT_NAMESPACE = "extism:host/user";
    /** What separates namespace and name in manifests and policies. */
    public static final String SEPARATOR = "::";
    /** The longest namespace, and the longest name, in characters. */
    public static final int MAX_CHARS = 255;
    /** Namespaces the host provides itself, where no application function may live. */
    private static final Set<String> RESERVED = Set.of("extism:host/env", "wasi_snapshot_preview1", "wasi_unstable");
    private static final String RESERVED_PREFIX = "plinth:";

    /** @throws IllegalArgumentException when either part breaks the rules in the class description */
    public HostFunctionName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        check("namespace", namespace);
        check("name", name);
        if (namespace.contains(SEPARATOR)) {
            throw new IllegalArgumentException("host-function namespace " + Quoting.quote(namespace)
                    + " contains \"::\", which separates namespace and name");
        }
        if (RESERVED.contains(namespace) || namespace.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException("host-function namespace " + Quoting.quote(namespace)
                    + " is the host's own (extism:host/env, WASI and plinth:... are); choose another namespace");
        }
        if (name.equals("*")) {
            throw new IllegalArgumentException("\"*\" is not a host-function name; in a policy it grants every"
                    + " host function the plugin asks for");
        }
    }

    /** The function {@code name} in the default namespace. */
    public static HostFunctionName of(String name) {
        return new HostFunctionName(DEFAULT_NAMESPACE, name);
    }

    /** The function {@code name} in {@code namespace}. */
    public static HostFunctionName of(String namespace, String name) {
        return new HostFunctionName(namespace, name);
    }

    /**
     * Reads {@code "name"} or {@code "namespace::name"}.
     *
     * @throws IllegalArgumentException when the text names no valid host function
     */
    public static HostFunctionName parse(String text) {
        Objects.requireNonNull(text, "text");
        int separator = text.indexOf(SEPARATOR);
        if (separator < 0) {
            return of(text);
        }
        return new HostFunctionName(text.substring(0, separator), text.substring(separator + SEPARATOR.length()));
    }

    /**
     * How manifests and policies write it, and what grants are matched on: the bare name in the
     * default namespace (unless the name itself holds {@code ::}), else {@code namespace::name}.
     * {@code parse(key())} gives this name back.
     */
    public String key() {
        return namespace.equals(DEFAULT_NAMESPACE) && !name.contains(SEPARATOR) ? name : namespace + SEPARATOR + name;
    }

    @Override
    public int compareTo(HostFunctionName other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    /** The same as {@link #key}. */
    @Override
    public String toString() {
        return key();
    }

    private static void check(String part, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a host-function " + part + " must not be empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("host-function " + part + " " + Quoting.quote(text) + " is longer than "
                    + MAX_CHARS + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException("host-function " + part + " " + Quoting.quote(text)
                        + " contains a control character");
            }
        }
    }
}
