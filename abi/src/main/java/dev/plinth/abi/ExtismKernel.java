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
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The Extism guest ABI, {@code extism:host/env}, implemented in Java over a {@link GuestContext}.
 * Semantics follow Extism's kernel and runtime: offsets point into host-side memory, 0 is null,
 * config and var lookups return 0 when absent, {@code length} returns 0 for a non-block.
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
        List<HostFunction> fns = new ArrayList<>(32);
        fn(fns, "alloc", (inst, a) -> one(mem.alloc(a[0])));
        fn(fns, "free", (inst, a) -> {
            mem.free(a[0]);
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
        fn(fns, "input_length", (inst, a) -> one(ctx.input().length));
        fn(fns, "input_load_u8", (inst, a) -> one(inputU8(ctx.input(), a[0])));
        fn(fns, "input_load_u64", (inst, a) -> one(inputU64(ctx.input(), a[0])));
        fn(fns, "output_set", (inst, a) -> {
            ctx.setOutput(a[0], a[1]);
            return NONE;
        });
        fn(fns, "error_set", (inst, a) -> {
            ctx.setError(a[0]);
            return NONE;
        });
        fn(fns, "config_get", (inst, a) -> {
            String value = ctx.config().get(text(mem, "config_get", a[0]));
            ctx.chargeBytes(value == null ? 0 : value.length());
            return one(value == null ? 0 : mem.allocBytes(value.getBytes(StandardCharsets.UTF_8)));
        });
        fn(fns, "var_get", (inst, a) -> {
            byte[] value = ctx.vars().get(text(mem, "var_get", a[0]));
            ctx.chargeBytes(value == null ? 0 : value.length);
            return one(value == null ? 0 : mem.allocBytes(value));
        });
        fn(fns, "var_set", (inst, a) -> {
            String key = text(mem, "var_set", a[0]);
            byte[] value = a[1] == 0 ? null : mem.readBlock("var_set", a[1]);
            ctx.chargeBytes(value == null ? 0 : value.length);
            ctx.vars().put(key, value);
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
        types.put("alloc", type(List.of(I64), List.of(I64)));
        types.put("free", type(List.of(I64), List.of()));
        types.put("length", type(List.of(I64), List.of(I64)));
        types.put("length_unsafe", type(List.of(I64), List.of(I64)));
        types.put("load_u8", type(List.of(I64), List.of(I32)));
        types.put("load_u64", type(List.of(I64), List.of(I64)));
        types.put("store_u8", type(List.of(I64, I32), List.of()));
        types.put("store_u64", type(List.of(I64, I64), List.of()));
        types.put("input_length", type(List.of(), List.of(I64)));
        types.put("input_load_u8", type(List.of(I64), List.of(I32)));
        types.put("input_load_u64", type(List.of(I64), List.of(I64)));
        types.put("output_set", type(List.of(I64, I64), List.of()));
        types.put("error_set", type(List.of(I64), List.of()));
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
     * {@code max-log-line} bytes). Nothing is read when the level is off or the budget is spent.
     */
    private static void log(List<HostFunction> fns, GuestContext ctx, String name, Level level) {
        fn(fns, name, (inst, a) -> {
            Logger logger = ctx.logger();
            if (!logger.isEnabledForLevel(level)) {
                return NONE;
            }
            LogBudget budget = ctx.logBudget();
            ExtismMemory mem = ctx.memory();
            long length = mem.blockLength(name, a[0]);
            int allowed = budget.admit((int) Math.min(length, budget.maxLineBytes()));
            if (allowed >= 0) {
                byte[] kept = mem.readBlockPrefix(name, a[0], allowed);
                ctx.chargeBytes(kept.length);
                logger.atLevel(level).log("[{}] {}", ctx.function(), TextCap.utf8(kept, kept.length, length));
            }
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

    private static int inputU8(byte[] input, long offset) {
        if (offset < 0 || offset >= input.length) {
            throw new AbiViolation("input_load_u8", "offset " + offset + " is outside the input of "
                    + input.length + " bytes");
        }
        return input[(int) offset] & 0xFF;
    }

    private static long inputU64(byte[] input, long offset) {
        if (offset < 0 || offset > input.length - 8L) { // not offset + 8: that overflows for a huge offset
            throw new AbiViolation("input_load_u64", "offset " + offset + " (+8 bytes) is outside the input of "
                    + input.length + " bytes");
        }
        return LittleEndian.longAt(input, (int) offset);
    }

    private static long[] one(long value) {
        return new long[] {value};
    }
}
