package dev.plinth.wasm.testing;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A small in-test implementation of the Extism guest ABI ({@code extism:host/env}), enough to run
 * the sample plugins: a bump allocator over host-side memory, input, output, error, config, vars,
 * and user host functions. Logging and HTTP do nothing; other imports (WASI) return zeros.
 * One kernel serves one instance; {@link #startCall} hands it the next call's input.
 */
public final class TestKernel {
    private static final String ENV = "extism:host/env";
    private static final String USER = "extism:host/user";

    private byte[] input;
    private final Map<String, String> config;
    private final Map<String, UnaryOperator<byte[]>> userFunctions;
    private final Map<String, byte[]> vars = new HashMap<>();
    private final Map<Long, Integer> blocks = new HashMap<>();
    private ByteBuffer memory = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long top = 8;
    private byte[] output;
    private String error;

    public TestKernel(Map<String, String> config, Map<String, UnaryOperator<byte[]>> userFunctions) {
        this.input = new byte[0];
        this.config = config;
        this.userFunctions = userFunctions;
    }

    /** Sets the input of the next call and forgets the last call's output and error. */
    public void startCall(byte[] input) {
        this.input = input.clone();
        this.output = null;
        this.error = null;
    }

    /** What the plugin set as output, or null. */
    public byte[] output() {
        return output;
    }

    /** What the plugin set as error, or null. */
    public String error() {
        return error;
    }

    /** Host functions for every function import of {@code module}. */
    public ImportValues imports(WasmModule module) {
        ImportValues.Builder builder = ImportValues.builder();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            if (imported instanceof FunctionImport function) {
                FunctionType type = module.typeSection().getType(function.typeIndex());
                builder.addFunction(new HostFunction(function.module(), function.name(), type,
                        (instance, args) -> call(function.module(), function.name(), type, args)));
            }
        }
        return builder.build();
    }

    private long[] call(String module, String name, FunctionType type, long[] a) {
        if (module.equals(USER)) {
            UnaryOperator<byte[]> user = userFunctions.get(name);
            byte[] result = user == null ? null : user.apply(block(a[0]));
            return one(result == null ? 0 : allocBytes(result));
        }
        if (!module.equals(ENV)) {
            return new long[type.returns().size()];
        }
        return switch (name) {
            case "alloc" -> one(alloc(a[0]));
            case "free", "log_trace", "log_debug", "log_info", "log_warn", "log_error" -> none();
            case "length", "length_unsafe" -> one(blocks.getOrDefault(a[0], 0));
            case "load_u8" -> one(memory.get(address(a[0], 1)) & 0xFF);
            case "load_u64" -> one(memory.getLong(address(a[0], 8)));
            case "store_u8" -> {
                memory.put(address(a[0], 1), (byte) a[1]);
                yield none();
            }
            case "store_u64" -> {
                memory.putLong(address(a[0], 8), a[1]);
                yield none();
            }
            case "input_length" -> one(input.length);
            case "input_load_u8" -> one(input[(int) a[0]] & 0xFF);
            case "input_load_u64" -> one(ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN).getLong((int) a[0]));
            case "output_set" -> {
                output = Arrays.copyOfRange(memory.array(), address(a[0], (int) a[1]), (int) (a[0] + a[1]));
                yield none();
            }
            case "error_set" -> {
                error = new String(block(a[0]), StandardCharsets.UTF_8);
                yield none();
            }
            case "config_get" -> {
                String value = config.get(new String(block(a[0]), StandardCharsets.UTF_8));
                yield one(value == null ? 0 : allocBytes(value.getBytes(StandardCharsets.UTF_8)));
            }
            case "var_get" -> {
                byte[] value = vars.get(new String(block(a[0]), StandardCharsets.UTF_8));
                yield one(value == null ? 0 : allocBytes(value));
            }
            case "var_set" -> {
                String key = new String(block(a[0]), StandardCharsets.UTF_8);
                if (a[1] == 0) {
                    vars.remove(key);
                } else {
                    vars.put(key, block(a[1]));
                }
                yield none();
            }
            case "get_log_level" -> one(Integer.MAX_VALUE);
            default -> new long[type.returns().size()];
        };
    }

    private long alloc(long length) {
        long offset = top;
        top = (top + length + 7) & ~7L;
        while (top > memory.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(memory.capacity() * 2).order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(memory.array());
            memory = bigger;
        }
        blocks.put(offset, (int) length);
        return offset;
    }

    private long allocBytes(byte[] bytes) {
        long offset = alloc(bytes.length);
        System.arraycopy(bytes, 0, memory.array(), (int) offset, bytes.length);
        return offset;
    }

    private byte[] block(long offset) {
        Integer length = blocks.get(offset);
        if (length == null) {
            throw new IllegalStateException("no block at offset " + offset);
        }
        return Arrays.copyOfRange(memory.array(), (int) offset, (int) offset + length);
    }

    private int address(long offset, int width) {
        if (offset < 8 || offset + width > top) {
            throw new IllegalStateException("offset " + offset + " (+" + width + ") is outside allocated memory");
        }
        return (int) offset;
    }

    private static long[] one(long value) {
        return new long[] {value};
    }

    private static long[] none() {
        return new long[0];
    }
}
