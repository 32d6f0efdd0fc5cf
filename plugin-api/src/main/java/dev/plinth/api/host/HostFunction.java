package dev.plinth.api.host;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A function the application offers to plugins under {@code extism:host/user}, as in Extism's
 * host-function model. Every parameter and the result are Extism memory blocks: the guest passes
 * {@code i64} offsets, the host sees their bytes. Only plugins granted the function by name can
 * import it; a module importing one it was not granted is refused at load.
 */
public interface HostFunction {

    /** The import name, for example {@code lookup-price}. */
    String name();

    /** How many {@code i64} block offsets the guest passes. */
    default int parameterCount() {
        return 1;
    }

    /** Whether the guest expects an {@code i64} block offset back. */
    default boolean returnsValue() {
        return true;
    }

    /**
     * Runs the function. Exceptions thrown here fail the plugin call with a trap that names the
     * function; a {@link dev.plinth.api.error.PluginException} is passed to the caller as it is.
     *
     * @param arguments the bytes of each block the guest passed, in order
     * @return the bytes to hand back, or {@code null} when {@link #returnsValue()} is false
     */
    byte[] invoke(HostCallContext context, List<byte[]> arguments);

    /** A host function that takes one block and returns one. */
    static HostFunction of(String name, UnaryOperator<byte[]> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return new HostFunction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public byte[] invoke(HostCallContext context, List<byte[]> arguments) {
                return body.apply(arguments.get(0));
            }
        };
    }
}
