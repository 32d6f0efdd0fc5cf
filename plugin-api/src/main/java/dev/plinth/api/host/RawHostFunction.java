package dev.plinth.api.host;

import java.util.List;

/**
 * A function the application offers to plugins with its wasm signature, as Extism's
 * {@code Function::new(name, params, results, user_data, callback)} with a namespace: any
 * namespace and import name, parameters and results of any {@link WasmType}, values passed as they
 * are. This is what Go, TinyGo and .NET PDK plugins import with
 * {@code //go:wasmimport host hostGreenMessage} or {@code [DllImport("host")]}. A plugin that
 * imports it must import exactly this signature, or it is refused at load; and only plugins
 * granted it ({@code permissions.host-functions} and the operator's policy, by
 * {@link HostFunctionName#key}) may import it at all.
 *
 * <p>Memory blocks are passed as {@code i64} offsets; {@link RawHostCall} reads and writes them.
 * For functions that take and return only blocks, {@link HostFunction} is shorter.
 *
 * <p>It runs on the calling plugin's thread, under the call's deadline (the thread is interrupted
 * when it passes; a function that returns after it ends the call as {@code timeout}) and fuel
 * budget. An exception fails the call as a {@code trap} naming the function; a
 * {@link dev.plinth.api.error.PluginException} reaches the caller as it is.
 *
 * <pre>{@code
 * RawHostFunction add = RawHostFunction.of("host", "hostAdd",
 *         List.of(WasmType.I32, WasmType.I32), List.of(WasmType.I32),
 *         (call, args) -> WasmValues.ofInt(args.getInt(0) + args.getInt(1)));
 * }</pre>
 */
public interface RawHostFunction {

    /** The import module, {@value HostFunctionName#DEFAULT_NAMESPACE} unless overridden. */
    default String namespace() {
        return HostFunctionName.DEFAULT_NAMESPACE;
    }

    /** The import name, case-sensitive, for example {@code hostGreenMessage}. */
    String name();

    /** The types of the parameters, in order. */
    List<WasmType> parameters();

    /** The types of the results, in order (usually none or one). */
    List<WasmType> results();

    /**
     * Runs the function.
     *
     * @param arguments the values the plugin passed, of the types of {@link #parameters()}
     * @return values of the types of {@link #results()}; {@code null} is taken for none
     */
    WasmValues invoke(RawHostCall call, WasmValues arguments);

    /** The body of a function made with {@link #of}. */
    @FunctionalInterface
    interface Handler {
        WasmValues apply(RawHostCall call, WasmValues arguments);
    }

    /**
     * A function in {@code namespace}.
     *
     * @throws IllegalArgumentException when the namespace or name breaks the rules of {@link HostFunctionName}
     */
    static RawHostFunction of(String namespace, String name, List<WasmType> parameters, List<WasmType> results,
            Handler handler) {
        return new DeclaredRawHostFunction(HostFunctionName.of(namespace, name), parameters, results, handler);
    }

    /** A function in the default namespace, {@value HostFunctionName#DEFAULT_NAMESPACE}. */
    static RawHostFunction of(String name, List<WasmType> parameters, List<WasmType> results, Handler handler) {
        return of(HostFunctionName.DEFAULT_NAMESPACE, name, parameters, results, handler);
    }
}
