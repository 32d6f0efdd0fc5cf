package dev.plinth.abi;

import static com.dylibso.chicory.wasm.types.ValType.I32;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WASI's {@code environ_sizes_get} and {@code environ_get} over the variables the operator granted
 * the plugin ({@link WasiAccess#environment()}), and no others: the host's own environment is never
 * read here. Every pointer is checked against the guest's memory before anything is written: a
 * pointer table or string buffer that does not fit answers {@code EFAULT} and writes nothing; one
 * that overlaps another only scrambles the guest's own memory. The bytes written are charged to
 * the call ({@link HostWork}).
 */
final class WasiEnvironment {
    static final String SIZES_GET = "environ_sizes_get";
    static final String GET = "environ_get";
    private static final long WASM_PAGE = 65536;

    private final List<byte[]> entries;
    private final long bufferSize;
    private final HostWork work;

    WasiEnvironment(Map<String, String> variables, HostWork work) {
        List<byte[]> list = new ArrayList<>();
        long size = 0;
        for (Map.Entry<String, String> e : variables.entrySet()) {
            byte[] entry = (e.getKey() + "=" + e.getValue() + "\0").getBytes(StandardCharsets.UTF_8);
            list.add(entry);
            size += entry.length;
        }
        this.entries = List.copyOf(list);
        this.bufferSize = size;
        this.work = work;
    }

    /** Whether {@code name} is one of the two functions this replaces. */
    static boolean replaces(String name) {
        return name.equals(SIZES_GET) || name.equals(GET);
    }

    /** The replacement of Chicory's function {@code name} ({@link #replaces}). */
    HostFunction function(String name) {
        FunctionType type = FunctionType.of(List.of(I32, I32), List.of(I32));
        return name.equals(SIZES_GET)
                ? new HostFunction(WasiModule.MODULE, SIZES_GET, type, (instance, args) -> sizes(instance, args))
                : new HostFunction(WasiModule.MODULE, GET, type, (instance, args) -> get(instance, args));
    }

    /** {@code environ_sizes_get(count_ptr, size_ptr)}: how many entries, and the bytes of their strings. */
    private long[] sizes(Instance instance, long[] args) {
        long count = unsigned(args[0]);
        long size = unsigned(args[1]);
        long memory = memorySize(instance);
        if (count + 4 > memory || size + 4 > memory) {
            return WasiErrno.result(WasiErrno.FAULT);
        }
        work.bytes(SIZES_GET, 8);
        instance.memory().writeI32((int) count, entries.size());
        instance.memory().writeI32((int) size, (int) bufferSize);
        return WasiErrno.result(WasiErrno.SUCCESS);
    }

    /** {@code environ_get(environ_ptr, buf_ptr)}: a pointer per entry, and the NUL-ended entries. */
    private long[] get(Instance instance, long[] args) {
        long table = unsigned(args[0]);
        long buffer = unsigned(args[1]);
        long memory = memorySize(instance);
        if (table + 4L * entries.size() > memory || buffer + bufferSize > memory) {
            return WasiErrno.result(WasiErrno.FAULT);
        }
        work.bytes(GET, 4L * entries.size() + bufferSize);
        Memory mem = instance.memory();
        long at = buffer;
        for (int i = 0; i < entries.size(); i++) {
            byte[] entry = entries.get(i);
            mem.writeI32((int) (table + 4L * i), (int) at);
            mem.write((int) at, entry);
            at += entry.length;
        }
        return WasiErrno.result(WasiErrno.SUCCESS);
    }

    private static long memorySize(Instance instance) {
        return (long) instance.memory().pages() * WASM_PAGE;
    }

    private static long unsigned(long value) {
        return value & 0xFFFFFFFFL;
    }
}
