package dev.plinth.component;

import dev.plinth.api.error.InvalidModuleException;

/**
 * The component parsed but its parts do not fit together: an index past its index space, a core module
 * import no instantiate argument provides, a lifted core function whose signature is not the flattening
 * of its component type. The message names the definition.
 */
public final class ComponentLinkException extends InvalidModuleException {
    private static final long serialVersionUID = 1L;

    public ComponentLinkException(String message) {
        super("component does not link: " + message);
    }

    public ComponentLinkException(String message, Throwable cause) {
        super("component does not link: " + message, cause);
    }
}
