package dev.plinth.abi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.plinth.api.unit.TextCap;
import dev.plinth.sandbox.fs.FileSandbox;
import java.util.Map;

/**
 * Watches the WASI functions that take paths, in front of Chicory's WASI:
 * <ul>
 *   <li>A path longer than {@value #PATH_MAX} bytes (Linux's {@code PATH_MAX}) is refused with
 *       {@code ENAMETOOLONG} before Chicory copies it out of the guest's memory, and reported to the
 *       plugin's {@link FileSandbox} as a refusal (logged and audited like the jail's own), showing
 *       only its first {@value #SHOWN_PATH_BYTES} bytes: a 4 MB {@code ../AAAA...} costs the host
 *       a few hundred bytes, not megabytes per call.
 *   <li>Chicory's WASI turns down a guest path that is absolute or climbs above its directory with
 *       {@code ..} itself, before it asks the jailed file system, so the jail cannot see (nor audit)
 *       them. When such a call fails and one of its paths {@linkplain FileSandbox#escapes escapes},
 *       the path is reported as a refusal too. That refusal itself stays Chicory's.
 * </ul>
 */
final class WasiPathWatch {
    /** The longest path, in bytes, that is handed to Chicory. */
    static final int PATH_MAX = 4096;
    /** How much of a path a refusal shows, in bytes (for a path too long) or characters. */
    static final int SHOWN_PATH_BYTES = 256;
    /** The parameter index of each (pointer, length) pair that holds a guest path, by WASI function. */
    private static final Map<String, int[]> PATH_PARAMETERS = Map.of(
            "path_create_directory", new int[] {1},
            "path_filestat_get", new int[] {2},
            "path_filestat_set_times", new int[] {2},
            "path_link", new int[] {2, 5},
            "path_open", new int[] {2},
            "path_readlink", new int[] {1},
            "path_remove_directory", new int[] {1},
            "path_rename", new int[] {1, 4},
            "path_symlink", new int[] {0, 3},
            "path_unlink_file", new int[] {1});

    private WasiPathWatch() {
    }

    /** The parameter index of each (pointer, length) pair holding a path, or {@code null} if it takes none. */
    static int[] pathParameters(String function) {
        return PATH_PARAMETERS.get(function);
    }

    /** {@code function} watched if it takes paths, else {@code function} itself. */
    static HostFunction watch(HostFunction function, FileSandbox files) {
        int[] paths = PATH_PARAMETERS.get(function.name());
        if (paths == null) {
            return function;
        }
        WasmFunctionHandle wasi = function.handle();
        String name = function.name();
        return new HostFunction(function.module(), name, function.functionType(), (instance, args) -> {
            for (int at : paths) {
                long length = Integer.toUnsignedLong((int) args[at + 1]);
                if (length > PATH_MAX) {
                    files.refused(name + " " + prefix(instance.memory(), (int) args[at], length) + ": a path of "
                            + length + " bytes, longer than " + PATH_MAX + " (ENAMETOOLONG)");
                    return WasiErrno.result(WasiErrno.NAMETOOLONG);
                }
            }
            long[] result = wasi.apply(instance, args);
            if (result[0] != WasiErrno.SUCCESS) {
                for (int at : paths) {
                    // WASI has read the path already, so it lies within the guest's memory; it is short
                    String path = instance.memory().readString((int) args[at], (int) args[at + 1]);
                    if (FileSandbox.escapes(path)) {
                        files.refused(name + " " + TextCap.chars(path, SHOWN_PATH_BYTES) + ": outside its"
                                + " directory (absolute, or climbing out with ..)");
                    }
                }
            }
            return result;
        });
    }

    /** The first bytes of a guest path that is too long, cut and marked; empty if it lies outside memory. */
    private static String prefix(Memory memory, int pointer, long length) {
        long address = Integer.toUnsignedLong(pointer);
        int shown = SHOWN_PATH_BYTES;
        long size = (long) memory.pages() * Memory.PAGE_SIZE;
        if (address + shown > size) {
            return TextCap.bytesMark(length);
        }
        return TextCap.utf8(memory.readBytes((int) address, shown), shown, length);
    }
}
