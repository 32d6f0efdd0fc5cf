package dev.plinth.spring.properties;

import dev.plinth.host.EngineMode;

/** {@code plinth.engine.*}: how wasm code is executed. */
public class EngineProperties {

    /**
     * Compiled (wasm translated to JVM bytecode once per module, fast calls) or interpreted
     * (no compile time, much slower calls).
     */
    private EngineMode mode = EngineMode.COMPILED;

    /** How many compiled modules to keep for reuse by later loads of the same bytes. */
    private int maxCachedModules = 64;

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
}
