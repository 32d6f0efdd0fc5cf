package dev.plinth.spring.properties;

import dev.plinth.host.CompileCache;
import dev.plinth.host.EngineMode;
import java.nio.file.Path;
import org.springframework.util.unit.DataSize;

/** {@code plinth.engine.*}: how wasm code is executed. */
public class EngineProperties {

    /**
     * Compiled (wasm translated to JVM bytecode once per module, fast calls) or interpreted
     * (no compile time, much slower calls).
     */
    private EngineMode mode = EngineMode.COMPILED;

    /** How many compiled modules to keep for reuse by later loads of the same bytes. */
    private int maxCachedModules = 64;

    /**
     * A directory to keep compiled modules in, so that a restart loads the modules it compiled
     * before without compiling them again. Unset (the default): no compile cache on disk.
     */
    private Path compileCache;

    /**
     * The file of the compile cache's HMAC secret, outside its directory. Default: the directory's
     * path with {@code .key} added.
     */
    private Path compileCacheKeyFile;

    /** What the compile cache's entries may take on disk together; the least recently used go first. */
    private DataSize compileCacheMaxSize = DataSize.ofBytes(CompileCache.DEFAULT_MAX_BYTES);

    public EngineMode getMode() {
        return mode;
    }

    public void setMode(EngineMode mode) {
        this.mode = mode;
    }

    public int getMaxCachedModules() {
        return maxCachedModules;
    }

    public void setMaxCachedModules(int maxCachedModules) {
        this.maxCachedModules = maxCachedModules;
    }

    public Path getCompileCache() {
        return compileCache;
    }

    public void setCompileCache(Path compileCache) {
        this.compileCache = compileCache;
    }

    public Path getCompileCacheKeyFile() {
        return compileCacheKeyFile;
    }

    public void setCompileCacheKeyFile(Path compileCacheKeyFile) {
        this.compileCacheKeyFile = compileCacheKeyFile;
    }

    public DataSize getCompileCacheMaxSize() {
        return compileCacheMaxSize;
    }

    public void setCompileCacheMaxSize(DataSize compileCacheMaxSize) {
        this.compileCacheMaxSize = compileCacheMaxSize;
    }

    /** The compile cache these properties describe, or null when none is configured. */
    public CompileCache toCompileCache() {
        if (compileCache == null) {
            return null;
        }
        CompileCache cache = CompileCache.in(compileCache).withMaxBytes(compileCacheMaxSize.toBytes());
        return compileCacheKeyFile == null ? cache : cache.withKeyFile(compileCacheKeyFile);
    }
}
