package dev.plinth.component.wasi;

import dev.plinth.api.error.PluginFailureException;

/**
 * A component called {@code wasi:cli/exit}: its call ends here, and its instance is not used again (its stack
 * was cut short). {@link #success()} for {@code exit(ok)}: a command that exits successfully; otherwise a
 * failure with the code ({@code 1} for {@code exit(err)}, the code of {@code exit-with-code}).
 */
public final class WasiExitException extends PluginFailureException {
    private static final long serialVersionUID = 1L;

    public WasiExitException(String plugin, int code) {
        super(plugin, "wasi:cli/exit", code, "called wasi:cli/exit with " + (code == 0 ? "ok" : "code " + code)
                + " instead of returning");
    }

    /** Whether the component exited with {@code ok} (code 0). */
    public boolean success() {
        return returnCode() == 0;
    }
}
