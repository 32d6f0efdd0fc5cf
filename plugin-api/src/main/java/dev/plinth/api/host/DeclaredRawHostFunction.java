package dev.plinth.api.host;

import java.util.List;
import java.util.Objects;

/** {@link RawHostFunction#of}: a signature and a handler. */
record DeclaredRawHostFunction(HostFunctionName id, List<WasmType> parameters, List<WasmType> results,
        RawHostFunction.Handler handler) implements RawHostFunction {

    DeclaredRawHostFunction {
        Objects.requireNonNull(id, "id");
        parameters = List.copyOf(parameters);
        results = List.copyOf(results);
        Objects.requireNonNull(handler, "handler");
    }

    @Override
    public String namespace() {
        return id.namespace();
    }

    @Override
    public String name() {
        return id.name();
    }

    @Override
    public WasmValues invoke(RawHostCall call, WasmValues arguments) {
        return handler.apply(call, arguments);
    }

    @Override
    public String toString() {
        return "host function " + id + " " + parameters + " -> " + results;
    }
}
