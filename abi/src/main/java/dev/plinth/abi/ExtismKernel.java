package dev.plinth.abi;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.api.unit.TextCap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The Extism guest ABI, {@code extism:host/env}, implemented in Java over a {@link GuestContext}:
 * every function that Extism's kernel exports and its runtime links there, with their semantics.
 * Offsets point into host-side memory, 0 is null; loads outside the memory in use read 0 and
 * stores there are dropped, as in the kernel; config and var lookups return 0 when absent;
 * {@code length} returns 0 for anything but a live block. Blocks handed to {@code config_get},
 * {@code var_*}, {@code log_*} and {@code http_request} are owned (freed) by the host afterwards, as
 * Extism's runtime does.
 */
public final class ExtismKernel {
    /** The import module every Extism plugin uses. */
    public static final String MODULE = "extism:host/env";

    /** What {@code get_log_level} returns when logging is off, as Extism does. */
    static final int LOG_OFF = Integer.MAX_VALUE;

    /** Every function of the ABI with its wasm type, as a guest must import it. */
    public static final Map<String, FunctionType> SIGNATURES = signatures();

    private static final long[] NONE = new long[0];

    private ExtismKernel() {
    }

    /** The host functions of {@code extism:host/env}, bound to one instance's context. */
    public static List<HostFunction> functions(GuestContext ctx) {
        ExtismMemory mem = ctx.memory();
        KernelRoot root = ctx.root();
        List<HostFunction> fns = new ArrayList<>(SIGNATURES.size());
        // the kernel: blocks, bytes, input, output, error
        fn(fns, "alloc", (inst, a) -> one(mem.alloc(a[0])));
        fn(fns, "free", (inst, a) -> {
            root.free(a[0]);
            return NONE;
        });
        fn(fns, "length", (inst, a) -> one(mem.length(a[0])));
        fn(fns, "length_unsafe", (inst, a) -> one(mem.length(a[0])));
        fn(fns, "load_u8", (inst, a) -> one(mem.loadU8(a[0]) & 0xFF));
        fn(fns, "load_u64", (inst, a) -> one(mem.loadU64(a[0])));
        fn(fns, "store_u8", (inst, a) -> {
            mem.storeU8(a[0], (byte) a[1]);
            return NONE;
        });
        fn(fns, "store_u64", (inst, a) -> {
            mem.storeU64(a[0], a[1]);
            return NONE;
        });
        fn(fns, "input_set", (inst, a) -> {
            root.setInput(a[0], a[1]);
            return NONE;
        });
        fn(fns, "input_length", (inst, a) -> one(root.inputLength()));
        fn(fns, "input_offset", (inst, a) -> one(root.inputOffset()));
        fn(fns, "input_load_u8", (inst, a) -> one(root.inputU8(a[0]) & 0xFF));
        fn(fns, "input_load_u64", (inst, a) -> one(root.inputU64(a[0])));
        fn(fns, "output_set", (inst, a) -> {
            ctx.setOutput(a[0], a[1]);
            return NONE;
        });
        fn(fns, "output_length", (inst, a) -> one(root.outputLength()));
        fn(fns, "output_offset", (inst, a) -> one(root.outputOffset()));
        fn(fns, "error_set", (inst, a) -> {
            root.setError(a[0]);
            return NONE;
        });
        fn(fns, "error_get", (inst, a) -> one(root.errorOffset()));
        fn(fns, "memory_bytes", (inst, a) -> one(mem.pagesBytes()));
        fn(fns, "reset", (inst, a) -> {
            ctx.chargeBytes(mem.used());
            root.reset();
            return NONE;
        });
        // the runtime: config, vars, logs, HTTP
        fn(fns, "config_get", (inst, a) -> one(lookup(ctx, "config_get", a[0], key -> {
            String value = ctx.config().get(key);
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        })));
        fn(fns, "var_get", (inst, a) -> one(lookup(ctx, "var_get", a[0], key -> ctx.vars().get(key))));
        fn(fns, "var_set", (inst, a) -> {
            setVar(ctx, a[0], a[1]);
            return NONE;
        });
        log(fns, ctx, "log_trace", Level.TRACE);
        log(fns, ctx, "log_debug", Level.DEBUG);
        log(fns, ctx, "log_info", Level.INFO);
        log(fns, ctx, "log_warn", Level.WARN);
        log(fns, ctx, "log_error", Level.ERROR);
        fn(fns, "get_log_level", (inst, a) -> one(logLevel(ctx.logger())));
        fn(fns, "http_request", (inst, a) -> one(HttpFunctions.request(ctx, a[0], a[1])));
        fn(fns, "http_status_code", (inst, a) -> one(ctx.httpStatus()));
        fn(fns, "http_headers", (inst, a) -> one(HttpFunctions.headers(ctx)));
        return ctx.metered() ? metered(fns, ctx) : fns;
    }

    /**
     * {@code config_get} and {@code var_get}: the key block (0 is the empty key) is read and freed,
     * then the value, if any, is copied into a new block. Returns 0 for no value or an empty one.
     */
    private static long lookup(GuestContext ctx, String function, long keyOffset,
            Function<String, byte[]> values) {
        String key = text(ctx.memory(), function, keyOffset);
        byte[] value = values.apply(key);
        ctx.root().free(keyOffset);
        ctx.chargeBytes(value == null ? 0 : value.length);
        return value == null ? 0 : ctx.memory().allocBytes(value);
    }

    /**
     * {@code var_set(key, value)}: a value offset of 0 removes the var; otherwise it must be a live
     * block, whose bytes are kept under the version's var limit. Both blocks are freed.
     */
    private static void setVar(GuestContext ctx, long keyOffset, long valueOffset) {
        ExtismMemory mem = ctx.memory();
        String key = text(mem, "var_set", keyOffset);
        byte[] value = valueOffset == 0 ? null : mem.readBlock("var_set", valueOffset);
        ctx.chargeBytes(value == null ? 0 : value.length);
        ctx.vars().put(key, value);
        ctx.root().free(valueOffset);
        ctx.root().free(keyOffset);
    }

    /** The same functions, each charging the instance's fuel for the call before it runs. */
    private static List<HostFunction> metered(List<HostFunction> fns, GuestContext ctx) {
        List<HostFunction> charged = new ArrayList<>(fns.size());
        for (HostFunction f : fns) {
            WasmFunctionHandle body = f.handle();
            charged.add(new HostFunction(MODULE, f.name(), SIGNATURES.get(f.name()), (inst, a) -> {
                ctx.chargeCall();
                return body.apply(inst, a);
            }));
        }
        return charged;
    }

    private static void fn(List<HostFunction> fns, String name, WasmFunctionHandle body) {
        fns.add(new HostFunction(MODULE, name, SIGNATURES.get(name), body));
    }

    private static Map<String, FunctionType> signatures() {
        Map<String, FunctionType> types = new LinkedHashMap<>();
        // exported by Extism's kernel (kernel/src/lib.rs)
        types.put("alloc", type(List.of(I64), List.of(I64)));
        types.put("free", type(List.of(I64), List.of()));
        types.put("length", type(List.of(I64), List.of(I64)));
        types.put("length_unsafe", type(List.of(I64), List.of(I64)));
        types.put("load_u8", type(List.of(I64), List.of(I32)));
        types.put("load_u64", type(List.of(I64), List.of(I64)));
        types.put("store_u8", type(List.of(I64, I32), List.of()));
        types.put("store_u64", type(List.of(I64, I64), List.of()));
        types.put("input_set", type(List.of(I64, I64), List.of()));
        types.put("input_length", type(List.of(), List.of(I64)));
        types.put("input_offset", type(List.of(), List.of(I64)));
        types.put("input_load_u8", type(List.of(I64), List.of(I32)));
        types.put("input_load_u64", type(List.of(I64), List.of(I64)));
        types.put("output_set", type(List.of(I64, I64), List.of()));
        types.put("output_length", type(List.of(), List.of(I64)));
        types.put("output_offset", type(List.of(), List.of(I64)));
        types.put("error_set", type(List.of(I64), List.of()));
        types.put("error_get", type(List.of(), List.of(I64)));
        types.put("memory_bytes", type(List.of(), List.of(I64)));
        types.put("reset", type(List.of(), List.of()));
        // linked by Extism's runtime (runtime/src/plugin.rs, runtime/src/pdk.rs)
        types.put("config_get", type(List.of(I64), List.of(I64)));
        types.put("var_get", type(List.of(I64), List.of(I64)));
        types.put("var_set", type(List.of(I64, I64), List.of()));
        for (String level : List.of("trace", "debug", "info", "warn", "error")) {
            types.put("log_" + level, type(List.of(I64), List.of()));
        }
        types.put("get_log_level", type(List.of(), List.of(I32)));
        types.put("http_request", type(List.of(I64, I64), List.of(I64)));
        types.put("http_status_code", type(List.of(), List.of(I32)));
        types.put("http_headers", type(List.of(), List.of(I64)));
        return Collections.unmodifiableMap(types);
    }

    private static FunctionType type(List<ValType> params, List<ValType> results) {
        return FunctionType.of(params, results);
    }

    /**
     * A {@code log_*} function: the line is logged under the call's {@link LogBudget}, and only the
     * bytes that are kept are read out of the block (an 8 MB line costs the host its first
     * {@code max-log-line} bytes). Nothing is read when the level is off or the budget is spent. As in
     * Extism, the block is freed either way, 0 is an empty line, and any other offset that is not a
     * block is refused only when the level is on.
     */
    private static void log(List<HostFunction> fns, GuestContext ctx, String name, Level level) {
        fn(fns, name, (inst, a) -> {
            Logger logger = ctx.logger();
            if (logger.isEnabledForLevel(level)) {
                LogBudget budget = ctx.logBudget();
                ExtismMemory mem = ctx.memory();
                long length = mem.blockLength(name, a[0]);
                int allowed = budget.admit((int) Math.min(length, budget.maxLineBytes()));
                if (allowed >= 0) {
                    byte[] kept = mem.readBlockPrefix(name, a[0], allowed);
                    ctx.chargeBytes(kept.length);
                    logger.atLevel(level).log("[{}] {}", ctx.function(), TextCap.utf8(kept, kept.length, length));
                }
            }
            ctx.root().free(a[0]);
            return NONE;
        });
    }

    static int logLevel(Logger logger) {
        if (logger.isTraceEnabled()) {
            return 0;
        } else if (logger.isDebugEnabled()) {
            return 1;
        } else if (logger.isInfoEnabled()) {
            return 2;
        } else if (logger.isWarnEnabled()) {
            return 3;
        } else if (logger.isErrorEnabled()) {
            return 4;
        }
        return LOG_OFF;
    }

    private static String text(ExtismMemory mem, String function, long offset) {
        return new String(mem.readBlock(function, offset), StandardCharsets.UTF_8);
    }

    private static long[] one(long value) {
        return new long[] {value};
    }
}
