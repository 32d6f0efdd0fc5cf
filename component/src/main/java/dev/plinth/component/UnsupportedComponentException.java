package dev.plinth.component;

import dev.plinth.api.error.InvalidModuleException;

/**
 * The component is well formed but uses a feature this host does not run yet (async, a nested
 * component instance, imports without a provider, ...). The message names the feature.
 */
public final class UnsupportedComponentException extends InvalidModuleException {
    private static final long serialVersionUID = 1L;

    public UnsupportedComponentException(String message) {
        super("unsupported component feature: " + message);
    }
}
