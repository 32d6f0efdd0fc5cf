package dev.plinth.cli;

import dev.plinth.api.error.ErrorCode;

/**
 * The exit statuses of {@code plinth}, one per family of {@link ErrorCode}, so that scripts can
 * branch on them without parsing stderr. The table is part of the command's contract: it is
 * printed by {@code plinth help} and documented in the module's README; change it only by adding.
 */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** {@code plugin-error}: the plugin ran and returned failure (its message is printed). */
    public static final int PLUGIN_ERROR = 1;
    /** Usage: an unknown option, a missing argument or file, a value that does not parse. */
    public static final int USAGE = 2;
    /** {@code not-found}: no such export (or plugin). */
    public static final int NOT_FOUND = 3;
    /** {@code invalid-module}, {@code invalid-manifest}, {@code incompatible}, {@code signature}: it cannot load. */
    public static final int CANNOT_LOAD = 4;
    /** {@code trap}: the plugin crashed (unreachable, out-of-bounds access, stack overflow...). */
    public static final int TRAP = 5;
    /** {@code timeout}, {@code fuel-exhausted}, {@code memory-limit}: the plugin hit a limit. */
    public static final int LIMIT = 6;
    /** {@code permission-denied}: the plugin touched what it was not granted. */
    public static final int PERMISSION_DENIED = 7;
    /** {@code too-large}: the input or output is larger than allowed. */
    public static final int TOO_LARGE = 8;
    /** {@code busy}: no instance became free in time. */
    public static final int BUSY = 9;
    /** {@code inspect} only: the module was read, but it is not a loadable Extism plugin. */
    public static final int NOT_LOADABLE = 10;
    /** A bug in plinth itself (the message asks for {@code --verbose} and a report). */
    public static final int INTERNAL = 70;

    /** The table as {@code plinth help} shows it (a picocli footer: {@code %n} is a line break). */
    public static final String TABLE = ""
            + "  0   success%n"
            + "  1   plugin-error: the plugin returned failure%n"
            + "  2   usage error: bad option or value, missing argument or file%n"
            + "  3   not-found: no such export%n"
            + "  4   invalid-module, invalid-manifest, incompatible, signature: cannot load%n"
            + "  5   trap: the plugin crashed%n"
            + "  6   timeout, fuel-exhausted, memory-limit: the plugin hit a limit%n"
            + "  7   permission-denied: the plugin used what it was not granted%n"
            + "  8   too-large: input or output over its limit%n"
            + "  9   busy: no instance became free in time%n"
            + "  10  inspect --check: the plugin would not load%n"
            + "  70  internal error in plinth (please report it, with --verbose output)%n";

    private ExitCodes() {
    }

    /** The exit status for a plugin error code. */
    public static int of(ErrorCode code) {
        return switch (code) {
            case PLUGIN_ERROR -> PLUGIN_ERROR;
            case NOT_FOUND -> NOT_FOUND;
            case INVALID_MODULE, INVALID_MANIFEST, INCOMPATIBLE, SIGNATURE -> CANNOT_LOAD;
            case TRAP -> TRAP;
            case TIMEOUT, FUEL_EXHAUSTED, MEMORY_LIMIT -> LIMIT;
            case PERMISSION_DENIED -> PERMISSION_DENIED;
            case TOO_LARGE -> TOO_LARGE;
            case BUSY -> BUSY;
        };
    }
}
