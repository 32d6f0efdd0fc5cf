package dev.plinth.component.internal.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;

/**
 * A core function of a component's core index space: an export of a core instance, or a function the
 * host implements (a canonical built-in such as {@code resource.new}). Callable from Java and importable
 * into another core module.
 */
public sealed interface CoreFunc {
    FunctionType type();

    long[] call(long... args);

    ImportFunction asImport(String module, String name);

    /**
     * The export {@code name} of a Chicory instance; {@code function} calls it (looked up once: a lookup by name
     * on every call was a twentieth of a small component call).
     */
    record Exported(Instance instance, String name, FunctionType type, ExportFunction function) implements CoreFunc {
        static Exported of(Instance instance, String name, FunctionType type) {
            return new Exported(instance, name, type, instance.export(name));
        }

        @Override
        public long[] call(long... args) {
            long[] results = function.apply(args);
            // Chicory's interpreter answers null for a function without results (its compiler an empty array);
            // a post-return of such a function is then called with no arguments.
            return results != null ? results : new long[0];
        }

        @Override
        public ImportFunction asImport(String module, String field) {
            return ImportFunction.exportAsImport(module, field, instance, name);
        }
    }

    /** A function the host implements. */
    record Host(FunctionType type, WasmFunctionHandle handle) implements CoreFunc {
        @Override
        public long[] call(long... args) {
            return handle.apply(null, args);
        }

        @Override
        public ImportFunction asImport(String module, String name) {
            return new HostFunction(module, name, type, handle);
        }
    }
}
