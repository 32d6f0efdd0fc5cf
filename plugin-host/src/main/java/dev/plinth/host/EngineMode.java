package dev.plinth.host;

/** How wasm code is executed. */
public enum EngineMode {
    /** Chicory's runtime compiler: wasm is translated to JVM bytecode once per module (default). */
    COMPILED,
    /** Chicory's interpreter: no compile time, much slower calls; a fallback and a debugging aid. */
    INTERPRETED
}
