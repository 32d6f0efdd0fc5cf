package dev.plinth.api.error;

import java.util.Objects;

/**
 * The plugin passed a host function of the Extism ABI an argument that breaks it: an offset or
 * length outside its memory, a block that does not exist, a malformed request. The host refused
 * the call and stopped the plugin. Still a {@code trap}, as in Extism, but one at the sandbox's
 * boundary rather than inside the plugin's own code, so the host audits it.
 */
public class AbiViolationException extends PluginTrapException {
    private static final long serialVersionUID = 1L;

    private final String hostFunction;

    /**
     * @param hostFunction the {@code extism:host/env} function that refused its arguments, e.g. {@code load_u64}
     * @param wasmFunction the plugin's wasm function that called it, or {@code null} when unknown
     */
    public AbiViolationException(String message, String hostFunction, String wasmFunction, Throwable cause) {
        super(message, wasmFunction, cause);
        this.hostFunction = Objects.requireNonNull(hostFunction, "hostFunction");
    }

    /** The {@code extism:host/env} function that refused its arguments. */
    public String hostFunction() {
        return hostFunction;
    }
}
