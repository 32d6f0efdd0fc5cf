package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.api.ModuleLimits;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.LogCapture;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile cache on disk, with real modules and a real directory: an engine started after
 * another (its in-memory cache empty, as after a restart) defines the classes the first one
 * compiled; a bad entry of any kind is a miss that is replaced, a tampered one is also audited;
 * a directory or key file that cannot be used leaves the engine loading without a cache.
 */
class CompileCacheTest {
    private static final String STORE_LOGGER = "dev.plinth.host.internal.cache.CompiledClassStore";

    @TempDir
    Path tmp;

    /**
     * {@code greet} answers a greeting kept in a data segment, {@code pick} calls through a table,
     * a global counts calls: declarations a code-stubbed hit must keep as they were.
     */
    private static String module(String greeting) {
        return """
                (module
                  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
                  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
                  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
                  (memory (export "memory") 1)
                  (global $calls (mut i32) (i32.const 40))
                  (type $answer (func (result i32)))
                  (table 2 funcref)
                  (elem (i32.const 0) $one $two)
                  (data (i32.const 16) "%s")
                  %s
                  (func $one (result i32) (i32.const 1))
                  (func $two (result i32) (i32.const 2))
                  (func (export "greet") (result i32)
                    (call $output_set (call $block (i32.const 16) (i32.const %d)) (i64.const %d))
                    (i32.const 0))
                  (func (export "pick") (result i32)
                    (global.set $calls (i32.add (global.get $calls) (call_indirect (type $answer) (i32.const 1))))
                    (i32.store8 (i32.const 0) (global.get $calls))
                    (call $output_set (call $block (i32.const 0) (i32.const 1)) (i64.const 1))
                    (i32.const 0)))
                """.formatted(greeting, ExtismWat.memoryBlock("$block"), greeting.length(), greeting.length());
    }

    private Path plugin(String name, String greeting) throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        return Wat.write(plugins, name, module(greeting));
    }

    private static PluginHost host(CompileCache cache) {
        return PluginHost.on(PluginEngine.builder().compileCache(cache).build());
    }

    private static String greet(PluginHost host, Path source) {
        assertThat(host.load(source).lastError()).isEmpty();
        return new String(host.call(nameOf(source), "greet", new byte[0]), UTF_8);
    }

    private static String nameOf(Path source) {
        return source.getFileName().toString().replace(".wasm", "");
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".entry")).toList();
        }
    }

    /**
     * The entries of compiled classes: every module also has a shape entry of a few hundred bytes
     * (the shape check's figures), the classes of even these small modules take kilobytes.
     */
    private static List<Path> classEntries(Path dir) throws IOException {
        List<Path> classes = new ArrayList<>();
        for (Path entry : entries(dir)) {
            if (Files.size(entry) > 4096) {
                classes.add(entry);
            }
        }
        return classes;
    }

    /** Loads {@code source} in a new engine and says whether its classes came from the disk. */
    private static boolean loadedFromDisk(CompileCache cache, Path source, String expected) {
        try (LogCapture log = LogCapture.of(STORE_LOGGER, Level.DEBUG); PluginHost host = host(cache)) {
            assertThat(greet(host, source)).isEqualTo(expected);
            return log.messages(Level.DEBUG).stream().anyMatch(m -> m.contains("(plinth compiled classes"));
        }
    }

    @Test
    void anEngineStartedAfterAnotherDefinesTheClassesItCompiled() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Path source = plugin("hello", "hello from the cache");

        assertThat(loadedFromDisk(cache, source, "hello from the cache")).isFalse();
        assertThat(classEntries(cache.directory())).hasSize(1);
        try (LogCapture log = LogCapture.of(STORE_LOGGER, Level.DEBUG); PluginHost restarted = host(cache)) {
            assertThat(greet(restarted, source)).isEqualTo("hello from the cache");
            assertThat(log.messages(Level.DEBUG)).anyMatch(m -> m.contains("(plinth compiled classes"));
            // tables, elements, globals and memory of the stubbed parse work with the stored classes
            assertThat(restarted.call("hello", "pick", new byte[0])).containsExactly(42);
            assertThat(restarted.call("hello", "pick", new byte[0])).containsExactly(44);
        }
        assertThat(classEntries(cache.directory())).hasSize(1);
    }

    @Test
    void aRestartTakesTheShapeCheckFromDiskAndTighterLimitsCheckAgain() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Path source = plugin("hello", "hello");
        loadedFromDisk(cache, source, "hello");
        try (LogCapture log = LogCapture.of(STORE_LOGGER, Level.DEBUG); PluginHost host = host(cache)) {
            assertThat(greet(host, source)).isEqualTo("hello");
            assertThat(log.messages(Level.DEBUG)).anyMatch(m -> m.contains("(plinth module shape"));
        }
        // the module defines 5 functions: a restart under max-functions 4 refuses it, shape on disk or not
        ModuleLimits defaults = ModuleLimits.DEFAULTS;
        ModuleLimits four = new ModuleLimits(defaults.maxModuleBytes(), 4, defaults.maxFunctionBytes(),
                defaults.maxInstructions(), defaults.maxNesting(), defaults.maxTableElements(), defaults.maxGlobals(),
                defaults.compileTimeout());
        try (PluginHost host = PluginHost.on(PluginEngine.builder().compileCache(cache)
                .limits(PluginLimits.DEFAULTS.withModule(four)).build())) {
            assertThat(host.load(source).lastError()).hasValueSatisfying(error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODULE);
                assertThat(error.message()).contains("defines 5 functions", "max-functions");
            });
        }
    }

    @Test
    void theDirectoryAndTheKeyAreOnlyTheHostUsers() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("made/cache"));
        loadedFromDisk(cache, plugin("hello", "hi"), "hi");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.directory())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.keyFile())))
                .isEqualTo("rw-------");
        assertThat(cache.keyFile()).isEqualTo(tmp.resolve("made/cache.key").toAbsolutePath());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(classEntries(cache.directory()).get(0))))
                .isEqualTo("rw-------");
    }

    @Test
    void differentBytesAndModesNeverShareAnEntry() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Path hello = plugin("hello", "hello");
        Path other = plugin("other", "other");
        loadedFromDisk(cache, hello, "hello");
        loadedFromDisk(cache, other, "other");
        assertThat(classEntries(cache.directory())).hasSize(2);

        // metered bytes are other bytes: a fuel budget is its own entry
        try (PluginHost metered = PluginHost.on(PluginEngine.builder().compileCache(cache).fuel(1_000_000).build())) {
            assertThat(greet(metered, hello)).isEqualTo("hello");
        }
        assertThat(classEntries(cache.directory())).hasSize(3);
        // the interpreter compiles nothing
        try (PluginHost interpreted = PluginHost.on(PluginEngine.builder().compileCache(cache)
                .engine(EngineMode.INTERPRETED).build())) {
            assertThat(greet(interpreted, hello)).isEqualTo("hello");
        }
        assertThat(classEntries(cache.directory())).hasSize(3);
    }

    @Test
    void aTruncatedEntryIsAMissAndIsRewritten() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Path source = plugin("hello", "hello");
        loadedFromDisk(cache, source, "hello");
        Path entry = classEntries(cache.directory()).get(0);
        byte[] whole = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(whole, whole.length / 2));

        try (PluginHost host = host(cache)) {
            assertThat(greet(host, source)).isEqualTo("hello");
            assertThat(host.auditLog().recent(10)).isEmpty();
        }
        // rewritten whole (the jar inside carries the compile's time, so not byte for byte)
        assertThat(Files.size(entry)).isGreaterThan(whole.length / 2);
        assertThat(loadedFromDisk(cache, source, "hello")).isTrue();
    }

    @Test
    void aFileThatIsNoEntryAtAllIsAMissAndIsReplaced() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Path source = plugin("hello", "hello");
        loadedFromDisk(cache, source, "hello");
        Path entry = classEntries(cache.directory()).get(0);
        Files.write(entry, "PK\u0003\u0004 not what Plinth wrote".getBytes(UTF_8));

        assertThat(loadedFromDisk(cache, source, "hello")).isFalse();
        assertThat(loadedFromDisk(cache, source, "hello")).isTrue();
    }

    @Test
    void aTamperedEntryIsRefusedAuditedAndReplaced() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Path source = plugin("hello", "hello");
        loadedFromDisk(cache, source, "hello");
        Path entry = classEntries(cache.directory()).get(0);
        byte[] forged = Files.readAllBytes(entry);
        forged[forged.length / 2] ^= 0x01; // one bit of the classes
        Files.write(entry, forged);

        try (LogCapture log = LogCapture.of(STORE_LOGGER, Level.WARN); PluginHost host = host(cache)) {
            assertThat(greet(host, source)).isEqualTo("hello");
            assertThat(log.messages(Level.WARN)).anyMatch(m -> m.contains("is refused: its HMAC does not match"));
            List<AuditEntry> audit = host.auditLog().recent(10);
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).what()).isEqualTo(ErrorCode.SIGNATURE);
            assertThat(audit.get(0).action()).isEqualTo(AuditAction.REFUSED);
            assertThat(audit.get(0).plugin()).isEqualTo("hello");
            assertThat(audit.get(0).resource()).isEqualTo("compile cache " + entry);
            assertThat(audit.get(0).detail()).contains("hello.wasm", "HMAC", "compiled afresh");
        }
        assertThat(loadedFromDisk(cache, source, "hello")).isTrue();
    }

    @Test
    void anAuthenticEntryMovedToAnotherModulesNameIsRefused() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Path hello = plugin("hello", "hello");
        Path other = plugin("other", "other");
        loadedFromDisk(cache, hello, "hello");
        Path helloEntry = classEntries(cache.directory()).get(0);
        loadedFromDisk(cache, other, "other");
        Path otherEntry = classEntries(cache.directory()).stream().filter(e -> !e.equals(helloEntry)).findFirst()
                .orElseThrow();
        // hello's classes under other's name: sealed by this host, but for another module
        Files.copy(helloEntry, otherEntry, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        try (PluginHost host = host(cache)) {
            assertThat(greet(host, other)).isEqualTo("other");
            assertThat(host.auditLog().recent(10)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("the authentic entry of another module"));
        }
    }

    @Test
    void entriesSealedWithAnotherSecretAreMissesButNotAudited() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Path source = plugin("hello", "hello");
        loadedFromDisk(cache, source, "hello");
        Files.writeString(cache.keyFile(), "f".repeat(64));

        try (PluginHost host = host(cache)) {
            assertThat(greet(host, source)).isEqualTo("hello");
            assertThat(host.auditLog().recent(10)).isEmpty();
        }
        assertThat(loadedFromDisk(cache, source, "hello")).isTrue();
    }

    @Test
    void aDirectoryThatCannotBeMadeLeavesTheEngineWithoutACache() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        CompileCache cache = CompileCache.in(file.resolve("cache"));
        try (LogCapture log = LogCapture.of(STORE_LOGGER, Level.WARN); PluginHost host = host(cache)) {
            assertThat(greet(host, plugin("hello", "hello"))).isEqualTo("hello");
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("the compile cache in " + cache.directory() + " is off");
        }
    }

    @Test
    void aDirectoryOthersMayWriteIsNotUsed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        CompileCache cache = CompileCache.in(dir);
        try (LogCapture log = LogCapture.of(STORE_LOGGER, Level.WARN); PluginHost host = host(cache)) {
            assertThat(greet(host, plugin("hello", "hello"))).isEqualTo("hello");
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("others may write to it");
        }
        assertThat(entries(dir)).isEmpty();
    }

    @Test
    void aKeyFileOthersMayReadIsNotUsed() throws IOException {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Files.writeString(cache.keyFile(), "0123456789abcdef".repeat(4));
        Files.setPosixFilePermissions(cache.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        try (LogCapture log = LogCapture.of(STORE_LOGGER, Level.WARN); PluginHost host = host(cache)) {
            assertThat(greet(host, plugin("hello", "hello"))).isEqualTo("hello");
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("may be read or written by others");
        }
        assertThat(entries(cache.directory())).isEmpty();
    }

    @Test
    void theKeyFileMustNotLieInTheDirectory() {
        Path dir = tmp.resolve("cache");
        assertThatThrownBy(() -> CompileCache.in(dir).withKeyFile(dir.resolve("key")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be outside its directory");
    }

    @Test
    void theLeastRecentlyUsedEntriesGoPastTheBound() throws IOException {
        CompileCache probe = CompileCache.in(tmp.resolve("probe"));
        loadedFromDisk(probe, plugin("sized", "x"), "x");
        long oneEntry = Files.size(classEntries(probe.directory()).get(0));

        CompileCache cache = CompileCache.in(tmp.resolve("cache")).withMaxBytes(oneEntry * 2 + oneEntry / 2);
        Path first = plugin("first", "first");
        Path second = plugin("second", "second");
        Path third = plugin("third", "third");
        loadedFromDisk(cache, first, "first");
        loadedFromDisk(cache, second, "second");
        assertThat(loadedFromDisk(cache, first, "first")).isTrue(); // first is now the most recently used
        loadedFromDisk(cache, third, "third");

        assertThat(classEntries(cache.directory())).hasSize(2);
        assertThat(loadedFromDisk(cache, first, "first")).isTrue();
        assertThat(loadedFromDisk(cache, third, "third")).isTrue();
        assertThat(loadedFromDisk(cache, second, "second")).isFalse();
    }

    @Test
    void enginesSharingTheDirectoryAtOnceAllLoad() throws Exception {
        CompileCache cache = CompileCache.in(tmp.resolve("cache"));
        Path source = plugin("hello", "hello");
        ExecutorService engines = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> loads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                loads.add(engines.submit(() -> {
                    try (PluginHost host = host(cache)) {
                        return greet(host, source);
                    }
                }));
            }
            for (Future<String> load : loads) {
                assertThat(load.get()).isEqualTo("hello");
            }
        } finally {
            engines.shutdownNow();
        }
        assertThat(classEntries(cache.directory())).hasSize(1);
        assertThat(loadedFromDisk(cache, source, "hello")).isTrue();
    }
}
