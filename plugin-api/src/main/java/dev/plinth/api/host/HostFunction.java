package dev.plinth.api.host;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A function the application offers to plugins that takes and returns Extism memory blocks: the
 * guest passes {@code i64} offsets, the host sees their bytes. The convenient form of a host
 * function, for the common case of strings, JSON and bytes; {@link RawHostFunction} is the general
 * form (any {@code i32}/{@code i64}/{@code f32}/{@code f64} values). It lives under
 * {@code extism:host/user} unless {@link #namespace} says otherwise. Only plugins granted the
 * function (by {@link HostFunctionName#key}) can import it; a module importing one it was not
 * granted, or with another signature, is refused at load.
 */
public interface HostFunction {

    /** The import module, {@value HostFunctionName#DEFAULT_NAMESPACE} unless overridden. */
    default String namespace() {
        return HostFunctionName.DEFAULT_NAMESPACE;
    }

    /** The import name, case-sensitive, for example {@code lookup-price}. */
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

    /** A host function in the default namespace that takes one block and returns one. */
    static HostFunction of(String name, UnaryOperator<byte[]> body) {
        return of(HostFunctionName.DEFAULT_NAMESPACE, name, body);
    }

    /**
     * A host function in {@code namespace} that takes one block and returns one.
     *
     * @throws IllegalArgumentException when the namespace or name breaks the rules of {@link HostFunctionName}
     */
    static HostFunction of(String namespace, String name, UnaryOperator<byte[]> body) {
        HostFunctionName id = HostFunctionName.of(namespace, name);
        Objects.requireNonNull(body, "body");
        return new HostFunction() {
            @Override
            public String namespace() {
                return id.namespace();
            }

            @Override
            public String name() {
                return id.name();
            }

            @Override
            public byte[] invoke(HostCallContext context, List<byte[]> arguments) {
                return body.apply(arguments.get(0));
            }
        };
    }
}
