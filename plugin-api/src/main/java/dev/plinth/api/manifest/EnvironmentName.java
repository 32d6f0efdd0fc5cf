package dev.plinth.api.manifest;

import java.util.regex.Pattern;

/**
 * The names of environment variables a manifest may ask for and a policy may grant: a letter or
 * {@code _}, then letters, digits and {@code _} (POSIX's portable names), so a name never holds
 * {@code =} or a NUL that would let it smuggle a second variable into a WASI environment.
 */
public final class EnvironmentName {
    /** The longest name accepted. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvironmentName() {
    }

    /**
     * Returns {@code name} if it is a valid variable name.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an environment variable name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("environment variable name longer than " + MAX_LENGTH + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not an environment variable name; use letters,"
                    + " digits and '_', starting with a letter or '_'");
        }
        return name;
    }
}
