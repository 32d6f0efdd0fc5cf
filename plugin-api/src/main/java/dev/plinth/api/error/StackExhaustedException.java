package dev.plinth.api.error;

/**
 * The plugin's call stack ran out: recursion deeper than the host's thread stack allows. Still a
 * {@code trap}, as in wasm and Extism, but a limit hit rather than a bug that only hurts the plugin,
 * so the host audits it; this type lets it tell the two apart without reading messages.
 */
public class StackExhaustedException extends PluginTrapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param wasmFunction the wasm function that was executing, or {@code null} when unknown
     */
    public StackExhaustedException(String message, String wasmFunction, Throwable cause) {
        super(message, wasmFunction, cause);
    }
}
