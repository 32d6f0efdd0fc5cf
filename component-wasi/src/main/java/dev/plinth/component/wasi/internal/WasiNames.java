package dev.plinth.component.wasi.internal;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WASI interface names as components import them, {@code wasi:io/streams@0.2.3}: which this host provides
 * (any 0.2.x patch version: 0.2 interfaces only grow by additions it does not need), and the name without the
 * version under which it keeps their functions.
 */
public final class WasiNames {
    /** The interfaces this host provides, without version. */
    public static final Set<String> SUPPORTED = Set.of(
            "wasi:cli/environment", "wasi:cli/exit", "wasi:cli/stdin", "wasi:cli/stdout", "wasi:cli/stderr",
            "wasi:cli/terminal-input", "wasi:cli/terminal-output", "wasi:cli/terminal-stdin",
            "wasi:cli/terminal-stdout", "wasi:cli/terminal-stderr",
            "wasi:io/error", "wasi:io/poll", "wasi:io/streams",
            "wasi:clocks/wall-clock", "wasi:clocks/monotonic-clock",
            "wasi:random/random", "wasi:random/insecure", "wasi:random/insecure-seed",
            "wasi:filesystem/types", "wasi:filesystem/preopens");

    private static final Pattern VERSIONED = Pattern.compile("(wasi:[a-z0-9-]+/[a-z0-9-]+)@0\\.2\\.(0|[1-9][0-9]{0,5})");

    private WasiNames() {
    }

    /** Whether an import of {@code name} is a WASI interface (the {@code wasi:} package namespace). */
    public static boolean isWasi(String name) {
        return name.startsWith("wasi:");
    }

    /** {@code wasi:io/streams} for {@code wasi:io/streams@0.2.N} if this host provides it, else {@code null}. */
    public static String provided(String interfaceName) {
        Matcher m = VERSIONED.matcher(interfaceName);
        if (!m.matches() || !SUPPORTED.contains(m.group(1))) {
            return null;
        }
        return m.group(1);
    }
}
