package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.WriteQuota;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import dev.plinth.sandbox.fs.FileMount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random arguments to every {@code wasi_snapshot_preview1} function, through a real host with a
 * writable and a read-only mount: a module assembled here imports all of them and exports one
 * {@code call_<name>} per function, which takes the arguments from its input (8 bytes each) and
 * outputs the errno. Every call either returns an errno or fails with a typed error whose cause is
 * one the guest asked for (a memory access out of bounds, an unsupported socket call, the
 * deadline), or {@code proc_exit}: success for code 0, a {@code plugin-error} carrying any other; nothing else escapes, none hangs past its deadline, the heap
 * stays bounded, and the host serves on. Both engine modes; seeded, so a failure reproduces.
 */
class WasiFuzzTest {
    private static final int CALLS = 10_000;
    private static final Duration DEADLINE = Duration.ofMillis(250);
    private static final Duration LATE = Duration.ofSeconds(2);
    private static final int PAGES = 2;
    private static final long MEMORY = PAGES * 65536L;
    /** Where the data segment puts strings and iovec arrays the arguments may point at. */
    private static final long[] POINTERS = {0, 4, 1024, 1030, 1040, 1100, 2048, 2056, 2064, 3000, 4096, 65536 - 8,
        65536, MEMORY - 16, MEMORY - 4, MEMORY - 1, MEMORY, MEMORY + 1, 0x7fffffffL, 0x80000000L, 0xfffffff8L,
        0xffffffffL};
    private static final long[] LENGTHS = {0, 1, 2, 3, 5, 8, 12, 24, 64, 4095, 4096, 4097, 65536, 0x7fffffffL,
        0x80000000L, 0xffffffffL};
    private static final long[] NUMBERS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 64, 255, -1, Integer.MAX_VALUE,
        Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    @Timeout(900)
    void randomArgumentsToEveryWasiFunctionEndInAnErrnoOrATypedError(EngineMode mode) throws IOException {
        Path writable = Files.createDirectories(tmp.resolve("rw"));
        Path readable = Files.createDirectories(tmp.resolve("ro"));
        Files.writeString(writable.resolve("a.txt"), "A".repeat(100));
        Files.createDirectories(writable.resolve("sub"));
        Files.writeString(readable.resolve("a.txt"), "read only");
        List<HostFunction> wasi = Arrays.stream(WasiPreview1.builder().build().toHostFunctions())
                .sorted(Comparator.comparing(HostFunction::name)).toList();
        Path wasm = Files.write(tmp.resolve("wasi-fuzz.wasm"), Wat.assemble(module(wasi)));

        Random random = new Random(20261123 + mode.ordinal());
        Map<String, Integer> outcomes = new TreeMap<>();
        PluginLimits limits = PluginLimits.DEFAULTS.withCallTimeout(DEADLINE)
                .withWrites(new WriteQuota(1 << 20, 16 << 20));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(limits)
                .fileMounts(manifest -> manifest.name().equals("wasi-fuzz")
                        ? List.of(FileMount.write(writable), FileMount.read(readable)) : List.of())
                .build())) {
            assertThat(host.load(wasm).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
            for (int i = 0; i < CALLS; i++) {
                HostFunction function = wasi.get(random.nextInt(wasi.size()));
                long[] args = arguments(function, random);
                String call = "call " + i + ": " + function.name() + Arrays.toString(args);
                long started = System.nanoTime();
                try {
                    CallResult result = host.call(CallRequest.of("wasi-fuzz", "call_" + function.name(), input(args)));
                    if (function.name().equals("proc_exit")) {
                        // proc_exit(0) is success, as in Extism: the guest never reaches its output_set
                        assertThat(args[0]).as(call).isZero();
                        assertThat(result.output()).as(call).isEmpty();
                        outcomes.merge("exit 0", 1, Integer::sum);
                        continue;
                    }
                    long errno = ByteBuffer.wrap(result.output()).order(ByteOrder.LITTLE_ENDIAN).getLong();
                    outcomes.merge(errno == 0 ? "success" : "errno " + errno, 1, Integer::sum);
                } catch (PluginException e) {
                    outcomes.merge(expected(e, call), 1, Integer::sum);
                } catch (RuntimeException | Error unexpected) {
                    fail(call + " escaped as " + unexpected, unexpected);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).as(call + " took too long").isLessThan(DEADLINE.plus(LATE));
            }
            System.out.println("wasi-fuzz (" + mode + "): " + CALLS + " calls of " + wasi.size() + " functions: "
                    + outcomes);
            assertThat(outcomes).containsKeys("success", "errno 8", "errno 21", "errno 37", "trap: out of bounds");

            // the clock subscription at 3000 waits 2^62 ns: the wait ends at the deadline
            long started = System.nanoTime();
            assertThatThrownBy(() -> host.call("wasi-fuzz", "call_poll_oneoff", input(new long[] {3000, 4096, 1, 5000})))
                    .isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plus(LATE));
            assertThat(host.call("text-transformer", "transform", "still serving".getBytes(UTF_8)))
                    .asString(UTF_8).isEqualTo("STILL SERVING");
            CallResult yield = host.call(CallRequest.of("wasi-fuzz", "call_sched_yield", new byte[0]));
            assertThat(yield.output()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /** The outcome of a typed failure, if its cause is one the arguments asked for; fails the test otherwise. */
    private static String expected(PluginException e, String call) {
        assertThat(e.getMessage()).as(call).isNotBlank();
        if (e.code() == ErrorCode.TIMEOUT) {
            return "timeout";
        }
        if (e.code() == ErrorCode.PLUGIN_ERROR && call.contains(": proc_exit[")) {
            // a non-zero exit code is a failure that carries it
            assertThat(e.getMessage()).as(call).contains("exited with proc_exit(");
            return "exit non-zero";
        }
        if (e.code() == ErrorCode.TRAP) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof ChicoryInterruptedException) {
                return "trap: interrupted";
            }
            if (root.getClass() == WasmRuntimeException.class) {
                String message = String.valueOf(root.getMessage());
                if (message.contains("out of bounds")) {
                    return "trap: out of bounds";
                }
                // sockets, proc_raise; and Chicory's fd_filestat_get has no case for a preopened directory
                if (message.contains("We don't yet support this WASI call") || message.contains("Unhandled descriptor")) {
                    return "trap: unsupported";
                }
            }
        }
        return fail(call + " failed with an unexpected " + e.code() + ": " + e.getMessage(), e);
    }

    private static long[] arguments(HostFunction function, Random random) {
        List<ValType> params = function.functionType().params();
        long[] args = new long[params.size()];
        for (int i = 0; i < args.length; i++) {
            long value = switch (random.nextInt(4)) {
                case 0 -> POINTERS[random.nextInt(POINTERS.length)];
                case 1 -> LENGTHS[random.nextInt(LENGTHS.length)];
                case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
                default -> random.nextLong();
            };
            args[i] = params.get(i).equals(ValType.I32) ? value & 0xFFFFFFFFL : value;
        }
        return args;
    }

    private static byte[] input(long[] args) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.max(8, args.length * 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (long arg : args) {
            bytes.putLong(arg);
        }
        return bytes.array();
    }

    /**
     * A module that imports every WASI function and exports {@code call_<name>}: arguments from the
     * input, the errno (or 0 for a function without a result) as an 8-byte output.
     */
    static String module(List<HostFunction> wasi) {
        StringBuilder wat = new StringBuilder("(module\n")
                .append("  (import \"extism:host/env\" \"alloc\" (func $alloc (param i64) (result i64)))\n")
                .append("  (import \"extism:host/env\" \"store_u64\" (func $store (param i64 i64)))\n")
                .append("  (import \"extism:host/env\" \"output_set\" (func $output (param i64 i64)))\n")
                .append("  (import \"extism:host/env\" \"input_load_u64\" (func $arg (param i64) (result i64)))\n");
        for (int f = 0; f < wasi.size(); f++) {
            HostFunction function = wasi.get(f);
            wat.append("  (import \"wasi_snapshot_preview1\" \"").append(function.name()).append("\" (func $w")
                    .append(f).append(" (param");
            function.functionType().params().forEach(p -> wat.append(' ').append(name(p)));
            wat.append(")");
            if (!function.functionType().returns().isEmpty()) {
                wat.append(" (result ").append(name(function.functionType().returns().get(0))).append(')');
            }
            wat.append("))\n");
        }
        wat.append("  (memory (export \"memory\") ").append(PAGES).append(")\n")
                // paths: in the writable mount, in the read-only one, escaping, a directory; then iovecs
                .append("  (data (i32.const 1024) \"a.txt\\00sub\\00../x\\00/etc/passwd\\00sub/../a.txt\")\n")
                .append("  (data (i32.const 2048) \"\\00\\10\\00\\00\\40\\00\\00\\00")
                .append("\\00\\10\\00\\00\\ff\\ff\\ff\\7f\\f0\\ff\\01\\00\\00\\00\\01\\00\")\n")
                // a poll_oneoff subscription: userdata 7, clock, monotonic, relative timeout 2^62 ns
                .append("  (data (i32.const 3000) \"\\07\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00")
                .append("\\01\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\40\")\n")
                .append("  (func $result (param $errno i64) (local $at i64)\n")
                .append("    (local.set $at (call $alloc (i64.const 8)))\n")
                .append("    (call $store (local.get $at) (local.get $errno))\n")
                .append("    (call $output (local.get $at) (i64.const 8)))\n");
        for (int f = 0; f < wasi.size(); f++) {
            HostFunction function = wasi.get(f);
            List<ValType> params = function.functionType().params();
            StringBuilder call = new StringBuilder("(call $w").append(f);
            for (int p = 0; p < params.size(); p++) {
                String arg = "(call $arg (i64.const " + p * 8 + "))";
                call.append(' ').append(params.get(p).equals(ValType.I32) ? "(i32.wrap_i64 " + arg + ")" : arg);
            }
            call.append(')');
            wat.append("  (func (export \"call_").append(function.name()).append("\") (result i32)\n    ");
            if (function.functionType().returns().isEmpty()) {
                wat.append(call).append("\n    (call $result (i64.const 0))\n");
            } else {
                wat.append("(call $result (i64.extend_i32_u ").append(call).append("))\n");
            }
            wat.append("    (i32.const 0))\n");
        }
        return wat.append(")\n").toString();
    }

    private static String name(ValType type) {
        if (type.equals(ValType.I32)) {
            return "i32";
        }
        if (type.equals(ValType.I64)) {
            return "i64";
        }
        throw new IllegalArgumentException("WASI preview 1 takes only i32 and i64, not " + type);
    }
}
