package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Writes the cold-start benchmark's large module: about 2 MB of WebAssembly in {@value #FUNCTIONS}
 * functions whose bodies do real work (arithmetic on locals, a loop, branches, memory loads and
 * stores, a call), so that parsing and compiling it cost what a big real plugin would. It is
 * deterministic: {@link Random} with a fixed seed (a sequence the JDK specifies) picks the
 * statements, so every run writes the same bytes.
 *
 * <p>It is a valid Extism plugin that imports nothing: it exports its memory and {@code run}
 * ({@code () -> i32}), which calls {@value #CALLED_BY_RUN} of the functions, stores their
 * results and returns 0.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.plinth.benchmarks.LargeModule benchmarks/target/generated}
 * writes {@code large.wasm} (the module) and {@code large/} (a plugin folder: the same module and
 * its {@code plugin.toml}) into the folder given; the cold-start benchmark writes them itself.
 */
public final class LargeModule {
    /** The functions besides {@code run}. */
    static final int FUNCTIONS = 6000;
    /** The plugin's name, its folder's name and its module's file name without {@code .wasm}. */
    static final String NAME = "large";
    /** The export to call. */
    static final String RUN = "run";

    private static final int STATEMENTS_PER_FUNCTION = 17;
    private static final int LOOP_ROUNDS = 4;
    private static final int CALLED_BY_RUN = 16;
    private static final long SEED = 0x5EED_1A4L;
    /** Keeps addresses word-aligned inside the first 64 KiB page. */
    private static final int ADDRESS_MASK = 0xFFFC;

    private static final int TYPE_SECTION = 1;
    private static final int FUNCTION_SECTION = 3;
    private static final int MEMORY_SECTION = 5;
    private static final int EXPORT_SECTION = 7;
    private static final int CODE_SECTION = 10;
    private static final int FUNC_TYPE = 0x60;
    private static final int I32 = 0x7F;
    private static final int EMPTY_BLOCK = 0x40;
    private static final int EXPORT_FUNCTION = 0x00;
    private static final int EXPORT_MEMORY = 0x02;

    private static final int LOOP = 0x03;
    private static final int IF = 0x04;
    private static final int ELSE = 0x05;
    private static final int END = 0x0B;
    private static final int BR_IF = 0x0D;
    private static final int CALL = 0x10;
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int LOCAL_TEE = 0x22;
    private static final int I32_LOAD = 0x28;
    private static final int I32_STORE = 0x36;
    private static final int I32_CONST = 0x41;
    private static final int I32_EQZ = 0x45;
    private static final int I32_ADD = 0x6A;
    private static final int I32_SUB = 0x6B;
    private static final int I32_AND = 0x71;
    private static final int I32_SHR_U = 0x76;
    /** The binary operators statements pick from: add, sub, mul, and, or, xor, shl, shr_u, rotl. */
    private static final int[] BINARY_OPS = {0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x76, 0x77};

    /** Locals of every generated function: the parameter, an accumulator and a loop counter. */
    private static final int PARAM = 0;
    private static final int ACC = 1;
    private static final int COUNTER = 2;

    private LargeModule() {
    }

    /** Writes the module and its plugin folder into {@code args[0]} (default: benchmarks/target/generated). */
    public static void main(String[] args) {
        Path dir = args.length > 0 ? Path.of(args[0]) : defaultDir();
        Path plugin = write(dir);
        System.out.println("wrote " + dir.resolve(NAME + ".wasm") + " and " + plugin + " (" + bytes().length
                + " bytes, " + FUNCTIONS + " functions)");
    }

    /** Where the benchmarks put generated modules: {@code -Dplinth.generated}, else under benchmarks/target. */
    static Path defaultDir() {
        String configured = System.getProperty("plinth.generated");
        if (configured != null) {
            return Path.of(configured);
        }
        return Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "target", "generated")
                : Path.of("target", "generated");
    }

    /**
     * Writes {@code dir/large.wasm} and the plugin folder {@code dir/large/} (files that already
     * hold the right bytes are left alone).
     *
     * @return the plugin folder
     */
    static Path write(Path dir) {
        byte[] module = bytes();
        Path plugin = dir.resolve(NAME);
        writeIfChanged(dir.resolve(NAME + ".wasm"), module);
        writeIfChanged(plugin.resolve(NAME + ".wasm"), module);
        writeIfChanged(plugin.resolve("plugin.toml"), manifest().getBytes(UTF_8));
        return plugin;
    }

    /** The module's bytes. */
    static byte[] bytes() {
        Random random = new Random(SEED);
        WasmBytes code = new WasmBytes().u32(FUNCTIONS + 1).sized(runBody());
        for (int index = 1; index <= FUNCTIONS; index++) {
            code.sized(functionBody(index, random));
        }
        return new WasmBytes()
                .bytes(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00)
                .section(TYPE_SECTION, new WasmBytes().u32(2)
                        .bytes(FUNC_TYPE, 0, 1, I32)             // type 0: () -> i32, run
                        .bytes(FUNC_TYPE, 1, I32, 1, I32))       // type 1: (i32) -> i32, the others
                .section(FUNCTION_SECTION, functionTypes())
                .section(MEMORY_SECTION, new WasmBytes().u32(1).bytes(0x00).u32(1))  // one page, no maximum
                .section(EXPORT_SECTION, new WasmBytes().u32(2)
                        .name("memory").bytes(EXPORT_MEMORY).u32(0)
                        .name(RUN).bytes(EXPORT_FUNCTION).u32(0))
                .section(CODE_SECTION, code)
                .toByteArray();
    }

    private static WasmBytes functionTypes() {
        WasmBytes types = new WasmBytes().u32(FUNCTIONS + 1).u32(0);
        for (int index = 1; index <= FUNCTIONS; index++) {
            types.u32(1);
        }
        return types;
    }

    /** {@code run}: stores the results of calls to functions spread over the module, then returns 0. */
    private static WasmBytes runBody() {
        WasmBytes body = new WasmBytes().u32(0);
        for (int i = 0; i < CALLED_BY_RUN; i++) {
            body.bytes(I32_CONST).s32(i * 4)
                    .bytes(I32_CONST).s32(i * 7 + 1)
                    .bytes(CALL).u32(1 + i * (FUNCTIONS / CALLED_BY_RUN))
                    .bytes(I32_STORE, 2, 0);
        }
        return body.bytes(I32_CONST).s32(0).bytes(END);
    }

    /**
     * Function {@code index}: mixes its parameter into an accumulator with random statements run
     * {@value #LOOP_ROUNDS} times in a loop; if the result is 0 (practically never) it passes on
     * to the next function, so that the module has calls; returns the accumulator.
     */
    private static WasmBytes functionBody(int index, Random random) {
        WasmBytes body = new WasmBytes().u32(1).u32(2).bytes(I32)
                .bytes(LOCAL_GET, PARAM, I32_CONST).s32(random.nextInt()).bytes(0x73, LOCAL_SET, ACC)
                .bytes(I32_CONST).s32(LOOP_ROUNDS).bytes(LOCAL_SET, COUNTER)
                .bytes(LOOP, EMPTY_BLOCK);
        for (int i = 0; i < STATEMENTS_PER_FUNCTION; i++) {
            statement(body, random);
        }
        body.bytes(LOCAL_GET, COUNTER, I32_CONST, 1, I32_SUB, LOCAL_TEE, COUNTER, BR_IF, 0, END);
        if (index < FUNCTIONS) {
            body.bytes(LOCAL_GET, ACC, I32_EQZ, IF, I32)
                    .bytes(LOCAL_GET, ACC, I32_CONST).s32(index).bytes(I32_ADD, CALL).u32(index + 1)
                    .bytes(ELSE, LOCAL_GET, ACC, END);
        } else {
            body.bytes(LOCAL_GET, ACC);
        }
        return body.bytes(END);
    }

    /** One statement that updates the accumulator (or memory), picked at random. */
    private static void statement(WasmBytes body, Random random) {
        int op = BINARY_OPS[random.nextInt(BINARY_OPS.length)];
        switch (random.nextInt(5)) {
            case 0 -> body.bytes(LOCAL_GET, ACC, I32_CONST).s32(random.nextInt()).bytes(op, LOCAL_SET, ACC);
            case 1 -> body.bytes(LOCAL_GET, ACC, LOCAL_GET, PARAM, op, LOCAL_SET, ACC);
            case 2 -> body.bytes(LOCAL_GET, ACC).bytes(I32_CONST).s32(ADDRESS_MASK).bytes(I32_AND)
                    .bytes(LOCAL_GET, ACC, I32_CONST).s32(random.nextInt()).bytes(op)
                    .bytes(I32_STORE, 2, 0);
            case 3 -> body.bytes(LOCAL_GET, ACC, I32_CONST).s32(random.nextInt(16)).bytes(I32_SHR_U)
                    .bytes(I32_CONST).s32(ADDRESS_MASK).bytes(I32_AND, I32_LOAD, 2, 0)
                    .bytes(LOCAL_GET, ACC, op, LOCAL_SET, ACC);
            default -> body.bytes(LOCAL_GET, ACC, I32_CONST, 1, I32_AND, IF, EMPTY_BLOCK)
                    .bytes(LOCAL_GET, ACC, I32_CONST).s32(random.nextInt()).bytes(op, LOCAL_SET, ACC)
                    .bytes(ELSE)
                    .bytes(LOCAL_GET, PARAM, I32_CONST).s32(random.nextInt()).bytes(op, LOCAL_SET, ACC)
                    .bytes(END);
        }
    }

    private static String manifest() {
        return """
                [plugin]
                name = "%s"
                version = "1.0.0"
                description = "Generated by dev.plinth.benchmarks.LargeModule: %d functions with real bodies"
                entrypoint = "%s.wasm"
                host-api = ">=1.0.0, <2.0.0"

                [exports.%s]
                input = "bytes"
                output = "bytes"
                """.formatted(NAME, FUNCTIONS, NAME, RUN);
    }

    private static void writeIfChanged(Path file, byte[] content) {
        try {
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content)) {
                return;
            }
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
