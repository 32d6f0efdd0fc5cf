package dev.plinth.abi;

import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.plinth.api.kv.KeyValueStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code plinth:host/kv}: the plugin's key-value store, in the Extism style (memory blocks in,
 * memory blocks out; the host frees the blocks it is handed). Every function takes and returns
 * {@code i64}; a negative result is an error code, and {@code error()} then returns a block with
 * the message.
 * <ul>
 *   <li>{@code get(key) -> value}: a new block with the value; 0 when the key has none.</li>
 *   <li>{@code set(key, value) -> 0}: stores the value; an empty value (offset 0) deletes the key.</li>
 *   <li>{@code delete(key) -> 1 | 0}: 1 when the key was there.</li>
 *   <li>{@code list(prefix) -> keys}: a block with a JSON array of the keys that start with the
 *       prefix (0: every key), ascending; 0 when there are none.</li>
 *   <li>{@code error() -> message}: the message of the last kv call of this instance if it failed, else 0.</li>
 * </ul>
 * Error codes: -1 the key is empty, not UTF-8 or over {@code max-key-size}; -2 the value is over
 * {@code max-value-size}; -3 a new key would be over {@code max-keys}; -4 the write would be over
 * {@code max-total-size}; -5 the store failed. Refusals are audited. An offset that is not a live
 * block is an ABI violation: the call traps, as with the Extism ABI.
 */
public final class KvFunctions {
    /** The import module of the key-value functions. */
    public static final String MODULE = "plinth:host/kv";

    /** Every function with its wasm type, as a guest must import it. */
    public static final Map<String, FunctionType> SIGNATURES = signatures();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KvFunctions() {
    }

    /** The functions bound to one instance's context and its version's store. */
    public static List<HostFunction> functions(GuestContext ctx, KvAccess kv) {
        String[] lastError = new String[1];
        List<HostFunction> fns = new ArrayList<>();
        fn(fns, ctx, lastError, "get", a -> get(ctx, kv, a[0]));
        fn(fns, ctx, lastError, "set", a -> set(ctx, kv, a[0], a[1]));
        fn(fns, ctx, lastError, "delete", a -> {
            try {
                return kv.delete(key(ctx, kv, "delete", a[0])) ? 1 : 0;
            } finally {
                ctx.root().free(a[0]);
            }
        });
        fn(fns, ctx, lastError, "list", a -> list(ctx, kv, a[0]));
        fns.add(new HostFunction(MODULE, "error", SIGNATURES.get("error"), (inst, a) -> {
            ctx.chargeCall();
            String message = lastError[0];
            return new long[] {message == null ? 0 : ctx.memory().allocBytes(message.getBytes(StandardCharsets.UTF_8))};
        }));
        return fns;
    }

    private interface Body {
        long apply(long[] args);
    }

    /**
     * A function run as host work: not after the deadline, charged a host call, its refusals and the
     * store's failures turned into a negative code with a message kept for {@code error()}.
     */
    private static void fn(List<HostFunction> fns, GuestContext ctx, String[] lastError, String name, Body body) {
        String label = MODULE + " " + name;
        WasmFunctionHandle handle = (inst, args) -> {
            if (ctx.deadlinePassed()) {
                throw new ChicoryInterruptedException(label + " was not run: the call's deadline has passed");
            }
            ctx.chargeCall();
            lastError[0] = null;
            long result;
            try {
                result = body.apply(args);
            } catch (KvRefusal e) {
                lastError[0] = e.getMessage();
                result = e.code();
            } catch (KeyValueStoreException e) {
                lastError[0] = label + ": the store failed: " + e.getMessage();
                ctx.logger().warn("[{}] {}", ctx.function(), lastError[0], e);
                result = KvRefusal.STORE_FAILED;
            }
            return new long[] {result};
        };
        fns.add(new HostFunction(MODULE, name, SIGNATURES.get(name), handle));
    }

    private static long get(GuestContext ctx, KvAccess kv, long keyOffset) {
        Optional<byte[]> value;
        try {
            value = kv.get(key(ctx, kv, "get", keyOffset));
        } finally {
            ctx.root().free(keyOffset);
        }
        if (value.isEmpty()) {
            return 0;
        }
        ctx.chargeBytes(value.get().length);
        return ctx.memory().allocBytes(value.get());
    }

    private static long set(GuestContext ctx, KvAccess kv, long keyOffset, long valueOffset) {
        ExtismMemory mem = ctx.memory();
        try {
            String key = key(ctx, kv, "set", keyOffset);
            long length = mem.blockLength(MODULE + " set", valueOffset);
            kv.checkValueLength(key, length);
            if (length == 0) {
                kv.delete(key);
            } else {
                byte[] value = mem.readBlock(MODULE + " set", valueOffset);
                ctx.chargeBytes(value.length);
                kv.put(key, value);
            }
            return 0;
        } finally {
            ctx.root().free(valueOffset);
            ctx.root().free(keyOffset);
        }
    }

    private static long list(GuestContext ctx, KvAccess kv, long prefixOffset) {
        List<String> keys;
        try {
            keys = kv.keys(prefixOffset == 0 ? "" : text(ctx, kv, "list", prefixOffset, true));
        } finally {
            ctx.root().free(prefixOffset);
        }
        if (keys.isEmpty()) {
            return 0;
        }
        byte[] json = JSON.writeValueAsBytes(keys);
        ctx.chargeBytes(json.length);
        return ctx.memory().allocBytes(json);
    }

    /** The key in a block: its length checked before it is copied, then its text. */
    private static String key(GuestContext ctx, KvAccess kv, String function, long offset) {
        return text(ctx, kv, function, offset, false);
    }

    private static String text(GuestContext ctx, KvAccess kv, String function, long offset, boolean emptyAllowed) {
        long length = ctx.memory().blockLength(MODULE + " " + function, offset);
        if ((length == 0 && !emptyAllowed) || length > kv.quota().maxKeyBytes()) {
            throw kv.badKey(length);
        }
        byte[] bytes = ctx.memory().readBlock(MODULE + " " + function, offset);
        ctx.chargeBytes(bytes.length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw kv.notText();
        }
    }

    private static Map<String, FunctionType> signatures() {
        Map<String, FunctionType> types = new LinkedHashMap<>();
        types.put("get", FunctionType.of(List.of(I64), List.of(I64)));
        types.put("set", FunctionType.of(List.of(I64, I64), List.of(I64)));
        types.put("delete", FunctionType.of(List.of(I64), List.of(I64)));
        types.put("list", FunctionType.of(List.of(I64), List.of(I64)));
        types.put("error", FunctionType.of(List.of(), List.of(I64)));
        return Collections.unmodifiableMap(types);
    }
}
