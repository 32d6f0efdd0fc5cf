package dev.plinth.abi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.plinth.sandbox.fs.WriteMeter;
import dev.plinth.sandbox.fs.WriteQuotaExceededException;
import java.util.Set;

/**
 * Puts every WASI function of one instance under the call's {@link HostWork}: each call checks the
 * deadline and is charged fuel, and the functions whose work a guest-chosen number could make large
 * do it in bounded pieces or refuse the number:
 *
 * <ul>
 * <li>{@code fd_read}, {@code fd_write}, {@code fd_pread}, {@code fd_pwrite}: {@link IovecTransfers};
 * <li>{@code random_get}: in chunks of {@link #RANDOM_CHUNK} bytes, each checked and charged;
 *     {@code EFAULT} for a buffer outside memory;
 * <li>{@code poll_oneoff}: at most {@link #MAX_SUBSCRIPTIONS} subscriptions ({@code EINVAL} beyond,
 *     {@code EFAULT} outside memory), charged for the bytes it reads and writes; its waits end at the
 *     deadline (the interrupt wakes them);
 * <li>functions taking paths: the path bytes are charged ({@link WasiPathWatch}, in front of this,
 *     refuses paths longer than Linux's {@code PATH_MAX} before anything reads them);
 * <li>{@code fd_readdir}: charged for the bytes it wrote;
 * <li>{@code path_open}: at most {@link OpenFiles#MAX_OPEN} descriptors open at once ({@code EMFILE}
 *     beyond, reported as a refusal);
 * <li>{@code fd_close}, {@code fd_renumber}: keep the {@link StdioTable} and {@link OpenFiles} up
 *     to date.
 * </ul>
 *
 * <p>A module may have no linear memory (Extism's memory is the host's, so such a module is a
 * plugin too): then every function that reads or writes guest memory answers {@code EFAULT} at
 * once, as for a pointer outside memory, and only those that take no pointer run.
 *
 * <p>Each function runs with the instance's per-call write counter {@linkplain WriteMeter.CallWrites#enter
 * entered}, so the jail counts what it writes against the current call; a write over the quota
 * ({@link WriteQuotaExceededException}) is answered with {@code EDQUOT}.
 */
final class WasiGuard {
    static final int MAX_SUBSCRIPTIONS = 4096;
    static final int RANDOM_CHUNK = 64 * 1024;
    /** Bytes of one {@code subscription} and one {@code event} of {@code poll_oneoff}. */
    private static final int SUBSCRIPTION_BYTES = 48;
    private static final int EVENT_BYTES = 32;
    private static final long WASM_PAGE = 65536;
    /** The functions of WASI preview 1 that take no pointer into guest memory. */
    private static final Set<String> NO_POINTERS = Set.of("fd_advise", "fd_allocate", "fd_close", "fd_datasync",
            "fd_fdstat_set_flags", "fd_fdstat_set_rights", "fd_filestat_set_size", "fd_filestat_set_times",
            "fd_renumber", "fd_sync", "proc_exit", "proc_raise", "sched_yield", "sock_shutdown");

    private final HostWork work;
    private final StdioTable stdio;
    private final IovecTransfers transfers;
    private final WriteMeter.CallWrites writes;
    private final OpenFiles openFiles;

    WasiGuard(HostWork work, StdioTable stdio, IovecTransfers transfers, WriteMeter.CallWrites writes,
            OpenFiles openFiles) {
        this.openFiles = openFiles;
        this.work = work;
        this.stdio = stdio;
        this.transfers = transfers;
        this.writes = writes;
    }

    /** {@code function} under the call's budget. */
    HostFunction guard(HostFunction function) {
        String name = function.name();
        WasmFunctionHandle inner = bounded(name, function.handle());
        boolean needsMemory = !NO_POINTERS.contains(name);
        return new HostFunction(function.module(), name, function.functionType(), (instance, args) -> {
            work.call(name);
            if (needsMemory && instance.memory() == null) {
                return WasiErrno.result(WasiErrno.FAULT);
            }
            try (WriteMeter.Scope scope = writes.enter()) {
                return inner.apply(instance, args);
            } catch (WriteQuotaExceededException e) {
                return WasiErrno.result(WasiErrno.DQUOT);
            }
        });
    }

    private WasmFunctionHandle bounded(String name, WasmFunctionHandle chicory) {
        IovecTransfers.Kind transfer = IovecTransfers.Kind.of(name);
        if (transfer != null) {
            return transfers.handle(transfer, chicory);
        }
        int[] paths = WasiPathWatch.pathParameters(name);
        if (name.equals("path_open")) {
            return (instance, args) -> {
                if (!openFiles.mayOpen(name)) {
                    return WasiErrno.result(WasiErrno.MFILE);
                }
                long[] result = withPaths(name, paths, chicory, instance, args);
                if (result[0] == WasiErrno.SUCCESS) {
                    openFiles.opened();
                }
                return result;
            };
        }
        if (paths != null) {
            return (instance, args) -> withPaths(name, paths, chicory, instance, args);
        }
        switch (name) {
            case "random_get":
                return (instance, args) -> randomGet(chicory, instance, args);
            case "poll_oneoff":
                return (instance, args) -> pollOneoff(chicory, instance, args);
            case "fd_readdir":
                return (instance, args) -> {
                    long[] result = chicory.apply(instance, args);
                    if (result[0] == WasiErrno.SUCCESS) {
                        work.bytes(name, unsigned(instance.memory().readInt((int) args[4])));
                    }
                    return result;
                };
            case "fd_close":
                return (instance, args) -> {
                    long[] result = chicory.apply(instance, args);
                    if (result[0] == WasiErrno.SUCCESS) {
                        stdio.closed((int) args[0]);
                        if (args[0] > 2) {
                            openFiles.closed();
                        }
                    }
                    return result;
                };
            case "fd_renumber":
                return (instance, args) -> {
                    long[] result = chicory.apply(instance, args);
                    if (result[0] == WasiErrno.SUCCESS) {
                        stdio.renumbered((int) args[0], (int) args[1]);
                        if (args[0] != args[1] && args[1] > 2) {
                            openFiles.closed();
                        }
                    }
                    return result;
                };
            default:
                return chicory;
        }
    }

    private long[] withPaths(String name, int[] paths, WasmFunctionHandle chicory, Instance instance, long[] args) {
        long bytes = 0;
        for (int at : paths) {
            bytes += unsigned(args[at + 1]); // at most PATH_MAX each: WasiPathWatch refused longer ones
        }
        work.bytes(name, bytes);
        return chicory.apply(instance, args);
    }

    private long[] randomGet(WasmFunctionHandle chicory, Instance instance, long[] args) {
        long buffer = unsigned(args[0]);
        int length = (int) args[1];
        if (length < 0) {
            return WasiErrno.result(WasiErrno.INVAL);
        }
        if (buffer + length > memorySize(instance)) {
            return WasiErrno.result(WasiErrno.FAULT);
        }
        for (long done = 0; done < length; done += RANDOM_CHUNK) {
            long chunk = Math.min(RANDOM_CHUNK, length - done);
            work.bytes("random_get", chunk);
            long[] result = chicory.apply(instance, buffer + done, chunk);
            if (result[0] != WasiErrno.SUCCESS) {
                return result;
            }
        }
        return WasiErrno.result(WasiErrno.SUCCESS);
    }

    private long[] pollOneoff(WasmFunctionHandle chicory, Instance instance, long[] args) {
        long subscriptions = unsigned(args[2]);
        if (subscriptions > MAX_SUBSCRIPTIONS) {
            return WasiErrno.result(WasiErrno.INVAL);
        }
        long size = memorySize(instance);
        if (unsigned(args[0]) + subscriptions * SUBSCRIPTION_BYTES > size
                || unsigned(args[1]) + subscriptions * EVENT_BYTES > size || unsigned(args[3]) + 4 > size) {
            return WasiErrno.result(WasiErrno.FAULT);
        }
        work.bytes("poll_oneoff", subscriptions * (SUBSCRIPTION_BYTES + EVENT_BYTES));
        return chicory.apply(instance, args);
    }

    private static long memorySize(Instance instance) {
        return (long) instance.memory().pages() * WASM_PAGE;
    }

    private static long unsigned(long value) {
        return value & 0xFFFFFFFFL;
    }
}
