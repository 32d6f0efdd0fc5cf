package dev.plinth.host.internal.component;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.plinth.abi.FuelTank;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResource;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.Value;
import java.util.List;

/**
 * A component instance's imports (WASI 0.2 and the plinth services) charged against the call they serve, as
 * the Extism ABI's and WASI preview 1's host calls are ({@code HostWork}): each host call first stops the call
 * if its deadline has passed (the deadline interrupts the calling thread; a wait inside, such as a
 * {@code wasi:io/poll} block on a real clock, ends at the interrupt), then charges one host call and the bytes
 * it moves (strings and lists, in and out) to the instance's fuel tank, when it has one.
 */
public final class MeteredImports implements ComponentImports {
    private final ComponentImports inner;
    private final FuelTank fuel;

    /** @param fuel the instance's tank, or {@code null} when it is not metered */
    public MeteredImports(ComponentImports inner, FuelTank fuel) {
        this.inner = inner;
        this.fuel = fuel;
    }

    @Override
    public HostFunction function(String name) {
        return metered(name, inner.function(name));
    }

    @Override
    public HostFunction function(String name, FuncType type) {
        return metered(name, inner.function(name, type));
    }

    private HostFunction metered(String name, HostFunction function) {
        if (function == null) {
            return null;
        }
        return args -> {
            checkDeadline(name);
            if (fuel != null) {
                fuel.chargeCall();
                fuel.chargeBytes(size(args));
            }
            List<Value> results = function.call(args);
            checkDeadline(name);
            if (fuel != null) {
                fuel.chargeBytes(size(results));
            }
            return results;
        };
    }

    @Override
    public HostResource resource(String name) {
        return inner.resource(name);
    }

    private static void checkDeadline(String name) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException(name + " stopped: the call was interrupted (its deadline passed)");
        }
    }

    /** The bytes the values carry: string lengths and list elements, nested. */
    static long size(List<Value> values) {
        long total = 0;
        for (Value v : values) {
            total += size(v);
        }
        return total;
    }

    private static long size(Value v) {
        if (v instanceof Value.Str s) {
            return s.value().length();
        } else if (v instanceof Value.ListOf l) {
            return l.elements().size() + size(l.elements());
        } else if (v instanceof Value.Tuple t) {
            return size(t.elements());
        } else if (v instanceof Value.Record r) {
            return size(List.copyOf(r.fields().values()));
        } else if (v instanceof Value.Option o) {
            return o.value().map(MeteredImports::size).orElse(0L);
        } else if (v instanceof Value.Result r) {
            return r.payload().map(MeteredImports::size).orElse(0L);
        } else if (v instanceof Value.Variant x) {
            return x.payload().map(MeteredImports::size).orElse(0L);
        }
        return 0;
    }
}
