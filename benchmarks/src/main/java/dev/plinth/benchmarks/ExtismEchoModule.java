package dev.plinth.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An Extism-PDK-shaped echo, written by hand: {@code echo} reads its input eight bytes at a time
 * with {@code input_load_u64} into a block from {@code alloc}, written with {@code store_u64}, and
 * sets it as the output ({@code output_set}) — one kernel call per eight bytes each way, the
 * traffic of an Extism PDK's {@code input()} and {@code output()}. Like the PDKs' modules, it has
 * a memory of its own (which the echo does not use). Inputs are a multiple of eight bytes long.
 */
final class ExtismEchoModule {
    /** The plugin's name and its module's file name without {@code .wasm}. */
    static final String NAME = "extism-echo";

    private static final int I32 = 0x7F;
    private static final int I64 = 0x7E;
    private static final int FUNC = 0x60;
    private static final int BLOCK = 0x02;
    private static final int LOOP = 0x03;
    private static final int END = 0x0B;
    private static final int BR = 0x0C;
    private static final int BR_IF = 0x0D;
    private static final int CALL = 0x10;
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int I32_CONST = 0x41;
    private static final int I64_CONST = 0x42;
    private static final int I64_GE_U = 0x5A;
    private static final int I64_ADD = 0x7C;
    private static final int EMPTY = 0x40;

    // imported functions, in this order
    private static final int INPUT_LENGTH = 0;
    private static final int INPUT_LOAD_U64 = 1;
    private static final int ALLOC = 2;
    private static final int STORE_U64 = 3;
    private static final int OUTPUT_SET = 4;
    // locals of echo
    private static final int LENGTH = 0;
    private static final int OUT = 1;
    private static final int AT = 2;

    private ExtismEchoModule() {
    }

    /** Writes {@code dir/extism-echo.wasm} and returns it. */
    static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(NAME + ".wasm");
            Files.write(file, bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes() {
        WasmBytes types = new WasmBytes().u32(4)
                .bytes(FUNC, 0, 1, I64)                 // 0: () -> i64
                .bytes(FUNC, 1, I64, 1, I64)            // 1: (i64) -> i64
                .bytes(FUNC, 2, I64, I64, 0)            // 2: (i64, i64) -> ()
                .bytes(FUNC, 0, 1, I32);                // 3: () -> i32, echo
        WasmBytes imports = new WasmBytes().u32(5);
        importKernel(imports, "input_length", 0);
        importKernel(imports, "input_load_u64", 1);
        importKernel(imports, "alloc", 1);
        importKernel(imports, "store_u64", 2);
        importKernel(imports, "output_set", 2);
        WasmBytes body = new WasmBytes()
                .u32(1).u32(3).bytes(I64)                                        // len, out, at
                .bytes(CALL).u32(INPUT_LENGTH).bytes(LOCAL_SET).u32(LENGTH)
                .bytes(LOCAL_GET).u32(LENGTH).bytes(CALL).u32(ALLOC).bytes(LOCAL_SET).u32(OUT)
                .bytes(BLOCK, EMPTY, LOOP, EMPTY)
                .bytes(LOCAL_GET).u32(AT).bytes(LOCAL_GET).u32(LENGTH).bytes(I64_GE_U, BR_IF).u32(1)
                .bytes(LOCAL_GET).u32(OUT).bytes(LOCAL_GET).u32(AT).bytes(I64_ADD)
                .bytes(LOCAL_GET).u32(AT).bytes(CALL).u32(INPUT_LOAD_U64)
                .bytes(CALL).u32(STORE_U64)
                .bytes(LOCAL_GET).u32(AT).bytes(I64_CONST).u32(8).bytes(I64_ADD).bytes(LOCAL_SET).u32(AT)
                .bytes(BR).u32(0)
                .bytes(END, END)
                .bytes(LOCAL_GET).u32(OUT).bytes(LOCAL_GET).u32(LENGTH).bytes(CALL).u32(OUTPUT_SET)
                .bytes(I32_CONST, 0, END);
        return new WasmBytes()
                .bytes(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00)
                .section(1, types)
                .section(2, imports)
                .section(3, new WasmBytes().u32(1).u32(3))
                .section(5, new WasmBytes().u32(1).bytes(0x00).u32(1))
                .section(7, new WasmBytes().u32(2).name("echo").bytes(0x00).u32(5).name("memory").bytes(0x02).u32(0))
                .section(10, new WasmBytes().u32(1).sized(body))
                .toByteArray();
    }

    private static void importKernel(WasmBytes imports, String name, int type) {
        imports.name("extism:host/env").name(name).bytes(0x00).u32(type);
    }
}
