package dev.plinth.api.error;

import java.util.Optional;

/**
 * The plugin's code trapped: {@code unreachable}, a Rust panic, an out-of-bounds access, a stack
 * overflow, a bad host-call argument. The instance that trapped is discarded, never reused.
 */
public class PluginTrapException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final String wasmFunction;

    /**
     * @param message what trapped, as the engine described it
     * @param wasmFunction the wasm function that was executing (its name from the module's name
     *     section, or {@code func[N]}), or {@code null} when unknown
     */
    public PluginTrapException(String message, String wasmFunction, Throwable cause) {
        super(ErrorCode.TRAP, wasmFunction == null ? message : message + " (in wasm function " + wasmFunction + ")", cause);
        this.wasmFunction = wasmFunction;
    }

    /** The wasm function in which the trap happened, when the engine could tell. */
    public Optional<String> wasmFunction() {
        return Optional.ofNullable(wasmFunction);
    }
}
