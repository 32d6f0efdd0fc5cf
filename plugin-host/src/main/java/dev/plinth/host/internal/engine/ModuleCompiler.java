package dev.plinth.host.internal.engine;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
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
import dev.plinth.host.internal.cache.CompiledClassStore;
import dev.plinth.host.internal.cache.CompilerIdentity;
import dev.plinth.wasm.shape.ModuleOverLimitException;
import dev.plinth.wasm.simd.V128LocalOrder;
import dev.plinth.wasm.stub.CodeStubs;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns module bytes into a {@link CompiledModule}: parse, check the shape Extism needs, compile.
 * Compiling runs on a small pool of its own, never on the caller's thread and never under a lock
 * that other loads need, and the caller waits at most the module's compile timeout. Results are
 * cached by SHA-256 and engine mode, so reloading the same bytes costs a hash; callers asking for
 * the same bytes at once share one compilation.
 *
 * <p>A compile that times out is not stopped (the engine cannot be interrupted): it finishes on
 * its pool thread, bounded by the module's shape limits, and its result is cached for the next
 * load. The pool's threads bound how many such compiles run at once, and at most
 * {@value #MAX_WAITING} wait for a thread: beyond that a module is refused at once, so that
 * modules dropped faster than they compile cannot pile up on the heap.
 *
 * <p>With a {@link CompiledClassStore} (the compile cache on disk) a compiled module's classes
 * are also kept there, so that a restarted JVM that meets the same bytes defines them instead of
 * compiling; such a hit parses the module with its code stubbed out ({@link CodeStubs}), since
 * the classes hold the code. An entry whose classes cannot be loaded is deleted and the module is
 * compiled.
 */
public final class ModuleCompiler {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleCompiler.class);
    private static final FunctionType EXTISM_EXPORT = FunctionType.returning(ValType.I32);
    private static final int SIMD_PREFIX = 0xFD;
    /** The version of what a compile cache entry holds; a change of what Plinth stores bumps it. */
    private static final int FORMAT_OF_CLASSES = 1;
    /** Chicory's own name for compiled machines, with the module's digest after it. */
    private static final String MACHINE_CLASS = "com.dylibso.chicory.$gen.CompiledMachine_";
    /** How many compiles may wait for a thread of the pool. */
    static final int MAX_WAITING = 64;
    private static final Parser STUBBED = Parser.builder().withValidation(false).build();
    /** How Chicory's compiler says a function is too large for one JVM method (it has two ways). */
    private static final List<String> TOO_LARGE_FOR_THE_JVM = List.of("JVM bytecode too large",
            "exceeds the Java method size limits");

    private final Cache<CacheKey, CompiledModule> cache;
    /**
     * Modules known to need the interpreter fallback, so that a reload of one does not compile it
     * in full again only to learn that.
     */
    private final Cache<CacheKey, InterpreterFallbackNeeded> needInterpreter;
    /** Compilations running or queued, so that callers asking for the same bytes at once share one. */
    private final Map<CacheKey, CompletableFuture<CompiledModule>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    /** The compile cache on disk, when there is one and Chicory's version is known. */
    private final Optional<CompiledClassStore> store;

    private record CacheKey(String sha256, EngineMode mode, boolean interpreterFallback) {
    }

    /**
     * @param maxCachedModules how many compiled modules to keep
     * @param compileThreads how many modules may compile at once
     * @param store the compile cache on disk, if any
     */
    public ModuleCompiler(int maxCachedModules, int compileThreads, Optional<CompiledClassStore> store) {
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(compileThreads, compileThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING), task -> {
                    Thread thread = new Thread(task, "plinth-compile-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.pool = pool;
        this.cache = Caffeine.newBuilder().maximumSize(maxCachedModules).build();
        this.needInterpreter = Caffeine.newBuilder().maximumSize(maxCachedModules).build();
        if (store.isPresent() && CompilerIdentity.current().isEmpty()) {
            LOG.warn("plinth: the compile cache in {} is off: the version of Chicory cannot be told (its jars lack"
                    + " their Maven metadata), so compiled classes could outlive the compiler that made them",
                    store.get().directory());
        }
        this.store = CompilerIdentity.current().isPresent() ? store : Optional.empty();
    }

    /** The compile cache on disk this compiler uses, if any (the loader keeps module shapes there too). */
    public Optional<CompiledClassStore> store() {
        return store;
    }

    /** A compiler of {@code compileThreads} threads without a compile cache on disk. */
    public ModuleCompiler(int maxCachedModules, int compileThreads) {
        this(maxCachedModules, compileThreads, Optional.empty());
    }

    /** A compiler of one thread. */
    public ModuleCompiler(int maxCachedModules) {
        this(maxCachedModules, 1);
    }

    /**
     * Compiles {@code bytes}, or returns the cached result for the same digest, waiting at most
     * {@code timeout}.
     *
     * @param label names the module in errors (usually its file)
     * @param interpreterFallback in compiled mode, whether a function too large for one JVM method
     *     may run in Chicory's interpreter; only a module metered so that its deadline can stop it
     *     may, since the interpreter does not see the deadline otherwise
     * @throws InvalidModuleException when the bytes are not a usable Extism module, or compiling
     *     took longer than {@code timeout}
     * @throws InterpreterFallbackNeeded when a function needs the interpreter and
     *     {@code interpreterFallback} is false
     */
    public CompiledModule compile(byte[] bytes, EngineMode mode, String label, Duration timeout,
            boolean interpreterFallback) {
        return compile(bytes, sha256(bytes), mode, label, timeout, interpreterFallback);
    }

    /**
     * {@link #compile(byte[], EngineMode, String, Duration, boolean)} of bytes whose SHA-256 the
     * caller has computed already ({@link #sha256}), so that a cache hit costs no second hash.
     */
    public CompiledModule compile(byte[] bytes, String sha256, EngineMode mode, String label, Duration timeout,
            boolean interpreterFallback) {
        CacheKey key = new CacheKey(sha256, mode, interpreterFallback);
        CompiledModule cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        InterpreterFallbackNeeded known = needInterpreter.getIfPresent(key);
        if (known != null) {
            throw known;
        }
        try {
            return compilation(key, bytes, label).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ModuleOverLimitException("compile-timeout", label + " took longer than compile-timeout "
                    + timeout.toMillis() + " ms to compile; the module is refused (a longer compile-timeout lets it"
                    + " load)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidModuleException(label + " was not compiled: the loading thread was interrupted", e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** The compilation of {@code key} in flight, or a new one, queued on the pool. */
    private CompletableFuture<CompiledModule> compilation(CacheKey key, byte[] bytes, String label) {
        CompletableFuture<CompiledModule> mine = new CompletableFuture<>();
        CompletableFuture<CompiledModule> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            pool.execute(() -> {
                try {
                    CompiledModule module = build(bytes, key.sha256(), key.mode(), label, key.interpreterFallback());
                    cache.put(key, module);
                    mine.complete(module);
                } catch (Throwable failure) {
                    if (failure instanceof InterpreterFallbackNeeded needed) {
                        needInterpreter.put(key, needed);
                    }
                    mine.completeExceptionally(failure);
                } finally {
                    inFlight.remove(key, mine);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(new InvalidModuleException(label + " was not compiled: " + MAX_WAITING
                    + " modules are already waiting for the compiler; load it again once they are done", e));
        }
        return mine;
    }

    /** {@link #compile(byte[], EngineMode, String, Duration, boolean)} within a minute, no interpreter fallback. */
    public CompiledModule compile(byte[] bytes, EngineMode mode, String label) {
        return compile(bytes, mode, label, Duration.ofMinutes(1), false);
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure);
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private CompiledModule build(byte[] bytes, String sha256, EngineMode mode, String label,
            boolean interpreterFallback) {
        try {
            String key = store.isPresent() && mode == EngineMode.COMPILED ? storeKey(sha256, interpreterFallback)
                    : null;
            Optional<byte[]> stored = key == null ? Optional.empty() : store.get().read(key, label);
            try {
                return analyse(bytes, sha256, mode, label, interpreterFallback, key, stored);
            } catch (StoredClassesUnusable e) {
                LOG.warn("plinth: the compile cache's classes of {} could not be loaded ({}); compiling it", label,
                        describe(e.getCause()));
                store.get().discard(key);
                return analyse(bytes, sha256, mode, label, interpreterFallback, key, Optional.empty());
            }
        } catch (InvalidModuleException | InterpreterFallbackNeeded e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            // Chicory validates lazily: a malformed module can fail while its sections are read
            throw new InvalidModuleException(label + " is not a valid WebAssembly module: " + describe(e), e);
        }
    }

    /**
     * The compile cache key of the module with this digest: everything that decides the classes
     * Chicory makes of it (the bytes, by digest, are already the clamped and metered ones).
     */
    static String storeKey(String sha256, boolean interpreterFallback) {
        return "plinth compiled classes " + FORMAT_OF_CLASSES + "\n" + CompilerIdentity.current().orElseThrow()
                + "\nsha256 " + sha256 + "\nmode " + EngineMode.COMPILED + "\ninterpreter-fallback "
                + interpreterFallback + "\nclass " + machineClass(sha256) + "\n";
    }

    /** A hit's classes could not be defined: the entry is dropped and the module compiled. */
    private static final class StoredClassesUnusable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoredClassesUnusable(Throwable cause) {
            super(cause);
        }
    }

    private CompiledModule analyse(byte[] bytes, String sha256, EngineMode mode, String label,
            boolean interpreterFallback, String storeKey, Optional<byte[]> stored) {
        // a hit's classes hold all of the code (no interpreter fallback): only the declarations are needed
        WasmModule parsed = stored.isPresent() && !interpreterFallback ? parseStubbed(bytes) : parse(bytes, label);
        int simdFunction = firstSimdFunction(parsed, parsed.importSection().count(ExternalType.FUNCTION));
        // a module that runs on the SIMD interpreter gets Chicory's v128 locals put right (V128LocalOrder)
        boolean simdMachine = simdFunction >= 0 && (mode == EngineMode.INTERPRETED || interpreterFallback);
        WasmModule module = simdMachine ? parse(V128LocalOrder.rewrite(bytes), label) : parsed;
        int importedFunctions = 0;
        Map<String, Map<String, FunctionType>> imports = new LinkedHashMap<>();
        List<CompiledModule.OtherImport> otherImports = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                imports.computeIfAbsent(imp.module(), k -> new LinkedHashMap<>()).put(imp.name(), type);
                importedFunctions++;
            } else {
                // only another module of the plugin can provide it: the loader's link check decides
                otherImports.add(new CompiledModule.OtherImport(imp.module(), imp.name(), imp.importType()));
            }
        }
        List<String> callable = new ArrayList<>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.exportType() == ExternalType.FUNCTION && !GuestRuntime.INITIALIZERS.contains(export.name())) {
                FunctionType type = functionType(module, export.index(), importedFunctions);
                if (type.typesMatch(EXTISM_EXPORT) || type.typesMatch(FunctionType.empty())) {
                    callable.add(export.name());
                }
            }
        }
        callable.sort(null);
        int functionImports = importedFunctions;
        GuestRuntime runtime = GuestRuntime.of(module, index -> functionType(module, index, functionImports), label);
        // Extism's memory is the host's: a module needs no memory of its own, nor to export one
        MemoryLimits memory = module.memorySection().filter(section -> section.memoryCount() > 0)
                .map(section -> section.getMemory(0).limits()).orElse(null);
        int ownInitialPages = 0;
        if (module.memorySection().isPresent()) {
            var memories = module.memorySection().get();
            for (int i = 0; i < memories.memoryCount(); i++) {
                ownInitialPages = (int) Math.min(Integer.MAX_VALUE,
                        (long) ownInitialPages + memories.getMemory(i).limits().initialPages());
            }
        }
        Optional<String> interpreted = mode == EngineMode.COMPILED && simdFunction >= 0
                ? Optional.of(SimdFallback.reason(module, simdFunction)) : Optional.empty();
        return new CompiledModule(sha256, bytes.length, module,
                machineFactory(module, sha256, mode, label, interpreterFallback, simdFunction, storeKey, stored), mode,
                List.copyOf(callable), imports, List.copyOf(otherImports), memory == null ? 0 : memory.initialPages(),
                ownInitialPages,
                memory == null || memory.maximumPages() == MemoryLimits.MAX_PAGES ? -1 : memory.maximumPages(),
                runtime, new FunctionNames(module.nameSection(), importedFunctions), interpreted);
    }

    /**
     * The module with its code stubbed out, for a hit; failing that is the entry's failure, not the module's.
     * Not validated again: an entry is stored only for bytes (by digest, under the store's seal) that Chicory
     * parsed, validated and compiled in full, and the stubs leave every declaration as it was.
     */
    private static WasmModule parseStubbed(byte[] bytes) {
        try {
            byte[] stubbed = CodeStubs.of(bytes);
            return STUBBED.parse(() -> new ByteArrayInputStream(stubbed));
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            throw new StoredClassesUnusable(e);
        }
    }

    private static WasmModule parse(byte[] bytes, String label) {
        try {
            return Parser.parse(bytes);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            throw new InvalidModuleException(label + " is not a valid WebAssembly module: " + describe(e), e);
        }
    }

    /**
     * The name of the class Chicory's compiler makes of the module with this digest (its other
     * classes start with it too), so that a compiled frame on a stack tells which of a plugin's
     * modules it is code of ({@link FailureTranslator}).
     */
    static String machineClass(String sha256) {
        return MACHINE_CLASS + sha256.substring(0, Math.min(16, sha256.length()));
    }

    private Function<Instance, Machine> machineFactory(WasmModule module, String sha256, EngineMode mode,
            String label, boolean interpreterFallback, int simdFunction, String storeKey, Optional<byte[]> stored) {
        if (mode == EngineMode.INTERPRETED) {
            return simdFunction >= 0 ? V128Machine::new : InterpreterMachine::new;
        }
        if (simdFunction >= 0) {
            // Chicory's compiler has no SIMD: the whole module runs in the interpreter, metered for its deadline
            if (!interpreterFallback) {
                throw new InterpreterFallbackNeeded(label + ": " + SimdFallback.reason(module, simdFunction), null);
            }
            return V128Machine::new;
        }
        MachineFactoryCompiler.Builder compiler = MachineFactoryCompiler.builder(module)
                .withClassName(machineClass(sha256))
                .withInterpreterFallback(interpreterFallback ? InterpreterFallback.SILENT : InterpreterFallback.FAIL);
        if (storeKey != null) {
            compiler.withCache(new StoredClasses(store.orElseThrow(), storeKey, stored));
        }
        if (stored.isPresent()) {
            try {
                return compiler.compile();
            } catch (RuntimeException | LinkageError e) {
                throw new StoredClassesUnusable(e);
            }
        }
        try {
            return compiler.compile();
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            if (!interpreterFallback && tooLargeForTheJvm(e)) {
                throw new InterpreterFallbackNeeded(label + ": " + describe(e), e);
            }
            throw new InvalidModuleException(label + " could not be compiled: " + describe(e), e);
        }
    }

    /**
     * The first of the module's functions (in the function index space) that uses SIMD: a
     * {@code v128} instruction or local; -1 when none does.
     */
    static int firstSimdFunction(WasmModule module, int importedFunctions) {
        var code = module.codeSection();
        for (int i = 0; i < code.functionBodyCount(); i++) {
            var body = code.getFunctionBody(i);
            if (body.localTypes().contains(ValType.V128)) {
                return importedFunctions + i;
            }
            for (var instruction : body.instructions()) {
                if (instruction.opcode().opcode() >>> 8 == SIMD_PREFIX) {
                    return importedFunctions + i;
                }
            }
        }
        return -1;
    }

    private static boolean tooLargeForTheJvm(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && TOO_LARGE_FOR_THE_JVM.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    /** The type of function {@code index} (imports first) of a module that imports {@code importedFunctions} functions. */
    public static FunctionType functionType(WasmModule module, int index, int importedFunctions) {
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
