package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.host.internal.abi.GuestContext;
import java.util.HashMap;
import java.util.Map;

/**
 * One wasm instance with its Extism context. Single-threaded: the pool lends it to one caller at
 * a time. After a trap it must be discarded, since its memory may be half-updated.
 */
public final class PluginInstance implements AutoCloseable {
    private final Instance instance;
    private final GuestContext context;
    private final WasiPreview1 wasi;
    private final Map<String, ExportFunction> exports = new HashMap<>();

    PluginInstance(Instance instance, GuestContext context, WasiPreview1 wasi) {
        this.instance = instance;
        this.context = context;
        this.wasi = wasi;
    }

    /**
     * Runs an export with {@code input}.
     *
     * @return the output the plugin set (empty if none)
     * @throws PluginFailureException when the export returns non-zero; the instance stays usable
     */
    public byte[] call(String function, byte[] input) {
        ExportFunction export = exports.computeIfAbsent(function, instance::export);
        context.begin(function, input);
        try {
            int rc = (int) export.apply()[0];
            if (rc != 0) {
                String message = context.error();
                throw new PluginFailureException(context.pluginName(), function, rc,
                        message == null ? "the plugin returned " + rc + " without setting an error message" : message);
            }
            return context.output();
        } finally {
            context.end();
        }
    }

    /** Linear memory currently in use, in bytes. */
    public long memoryBytes() {
        return (long) instance.memory().pages() * 65536;
    }

    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
        }
    }
}
