package dev.plinth.host.internal.engine;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.host.EngineMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns module bytes into a {@link CompiledModule}: parse, check the shape Extism needs, compile.
 * Results are cached by SHA-256 and engine mode, so reloading the same bytes costs a hash.
 */
public final class ModuleCompiler {
    private static final FunctionType EXTISM_EXPORT = FunctionType.returning(ValType.I32);

    private final Cache<CacheKey, CompiledModule> cache;

    private record CacheKey(String sha256, EngineMode mode) {
    }

    public ModuleCompiler(int maxCachedModules) {
        this.cache = Caffeine.newBuilder().maximumSize(maxCachedModules).build();
    }

    /**
     * Compiles {@code bytes}, or returns the cached result for the same digest.
     *
     * @param label names the module in errors (usually its file)
     * @throws InvalidModuleException when the bytes are not a usable Extism module
     */
    public CompiledModule compile(byte[] bytes, EngineMode mode, String label) {
        String sha256 = sha256(bytes);
        return cache.get(new CacheKey(sha256, mode), key -> build(bytes, sha256, mode, label));
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static CompiledModule build(byte[] bytes, String sha256, EngineMode mode, String label) {
        try {
            return analyse(bytes, sha256, mode, label);
        } catch (InvalidModuleException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            // Chicory validates lazily: a malformed module can fail while its sections are read
            throw new InvalidModuleException(label + " is not a valid WebAssembly module: " + describe(e), e);
        }
    }

    private static CompiledModule analyse(byte[] bytes, String sha256, EngineMode mode, String label) {
        WasmModule module = parse(bytes, label);
        int importedFunctions = 0;
        Map<String, Map<String, FunctionType>> imports = new LinkedHashMap<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                imports.computeIfAbsent(imp.module(), k -> new LinkedHashMap<>()).put(imp.name(), type);
                importedFunctions++;
            } else {
                throw new InvalidModuleException(label + " imports a " + imp.importType().name().toLowerCase()
                        + " (" + imp.module() + "." + imp.name() + "); plugins may import only functions");
            }
        }
        List<String> callable = new ArrayList<>();
        boolean exportsMemory = false;
        boolean reactor = false;
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.exportType() == ExternalType.MEMORY && export.name().equals("memory")) {
                exportsMemory = true;
            } else if (export.exportType() == ExternalType.FUNCTION) {
                FunctionType type = functionType(module, export.index(), importedFunctions);
                if (type.typesMatch(EXTISM_EXPORT)) {
                    callable.add(export.name());
                } else if (export.name().equals("_initialize") && type.typesMatch(FunctionType.empty())) {
                    reactor = true;
                }
            }
        }
        if (!exportsMemory) {
            throw new InvalidModuleException(label + " exports no memory named \"memory\"; Extism plugins must"
                    + " export their linear memory");
        }
        callable.sort(null);
        MemoryLimits memory = module.memorySection().orElseThrow().getMemory(0).limits();
        return new CompiledModule(sha256, bytes.length, module, machineFactory(module, mode, label), mode,
                List.copyOf(callable), imports, memory.initialPages(),
                memory.maximumPages() == MemoryLimits.MAX_PAGES ? -1 : memory.maximumPages(), reactor,
                new FunctionNames(module.nameSection(), importedFunctions));
    }

    private static WasmModule parse(byte[] bytes, String label) {
        try {
            return Parser.parse(bytes);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            throw new InvalidModuleException(label + " is not a valid WebAssembly module: " + describe(e), e);
        }
    }

    private static java.util.function.Function<com.dylibso.chicory.runtime.Instance,
            com.dylibso.chicory.runtime.Machine> machineFactory(WasmModule module, EngineMode mode, String label) {
        if (mode == EngineMode.INTERPRETED) {
            return InterpreterMachine::new;
        }
        try {
            return MachineFactoryCompiler.compile(module);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            throw new InvalidModuleException(label + " could not be compiled: " + describe(e), e);
        }
    }

    private static FunctionType functionType(WasmModule module, int index, int importedFunctions) {
        if (index < importedFunctions) {
            int seen = 0;
            for (int i = 0; i < module.importSection().importCount(); i++) {
                Import imp = module.importSection().getImport(i);
                if (imp.importType() == ExternalType.FUNCTION && seen++ == index) {
                    return module.typeSection().getType(((FunctionImport) imp).typeIndex());
                }
            }
        }
        return module.functionSection().getFunctionType(index - importedFunctions, module.typeSection());
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
