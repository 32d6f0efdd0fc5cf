package dev.plinth.abi;

import dev.plinth.api.host.HostFunction;
import dev.plinth.api.host.RawHostCall;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.api.host.WasmType;
import dev.plinth.api.host.WasmValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The memory-block convenience ({@link HostFunction}) as the raw form it is made of: each
 * {@code i64} argument is a block offset whose bytes the Java function receives (offset 0: no
 * bytes), and its result is copied into a new block whose offset the guest gets (0 for
 * {@code null}).
 */
final class BlockHostFunction implements RawHostFunction {
    private final HostFunction function;
    private final List<WasmType> parameters;
    private final List<WasmType> results;

    BlockHostFunction(HostFunction function) {
        this.function = function;
        this.parameters = Collections.nCopies(function.parameterCount(), WasmType.I64);
        this.results = function.returnsValue() ? List.of(WasmType.I64) : List.of();
    }

    @Override
    public String namespace() {
        return function.namespace();
    }

    @Override
    public String name() {
        return function.name();
    }

    @Override
    public List<WasmType> parameters() {
        return parameters;
    }

    @Override
    public List<WasmType> results() {
        return results;
    }

    @Override
    public WasmValues invoke(RawHostCall call, WasmValues arguments) {
        List<byte[]> blocks = new ArrayList<>(arguments.size());
        for (int i = 0; i < arguments.size(); i++) {
            blocks.add(call.readBlock(arguments.getLong(i)));
        }
        byte[] result = function.invoke(call, blocks);
        if (!function.returnsValue()) {
            return WasmValues.of();
        }
        return WasmValues.ofLong(result == null ? 0 : call.writeBlock(result));
    }

    @Override
    public String toString() {
        return function.toString();
    }
}
