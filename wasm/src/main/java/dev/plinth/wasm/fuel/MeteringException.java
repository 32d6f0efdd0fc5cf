package dev.plinth.wasm.fuel;

import dev.plinth.api.error.InvalidModuleException;

/**
 * {@link FuelMeter} could not instrument a module: the bytes are not a WebAssembly binary, are
 * truncated or malformed, use an instruction or encoding it does not know, or refer to a global
 * that does not exist. Its error code is {@code invalid-module}.
 */
public class MeteringException extends InvalidModuleException {
    private static final long serialVersionUID = 1L;

    public MeteringException(String message) {
        super(message);
    }

    public MeteringException(String message, Throwable cause) {
        super(message, cause);
    }
}
