package dev.plinth.wasm.shape;

import dev.plinth.api.error.InvalidModuleException;

/**
 * A module refused for its shape: a figure over one of its limits ({@code max-functions},
 * {@code table-elements}, {@code compile-timeout}, ...), named with the figure in the message. A
 * refusal of the host's, so loaders audit it, unlike a module that is merely malformed.
 */
public final class ModuleOverLimitException extends InvalidModuleException {
    private static final long serialVersionUID = 1L;

    private final String limit;

    /**
     * @param limit the limit's name, as policies and {@code [permissions]} spell it, or a short
     *     name of a fixed limit ({@code locals}, {@code tables}, {@code segments})
     */
    public ModuleOverLimitException(String limit, String message) {
        super(message);
        this.limit = limit;
    }

    public ModuleOverLimitException(String limit, String message, Throwable cause) {
        super(message, cause);
        this.limit = limit;
    }

    /** The limit the module is over. */
    public String limit() {
        return limit;
    }
}
